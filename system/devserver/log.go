package devserver

import (
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// defaultLogger writes the Temporal server's errors to stderr, so that a
// broken start is visible while normal operation stays silent. (At warn level
// every stop logs a dozen "Failed to poll for task" lines from the server's
// internal workers.)
func defaultLogger() *zap.Logger {
	enc := zap.NewDevelopmentEncoderConfig()
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(os.Stderr), zap.ErrorLevel)
	return zap.New(core).Named("temporal")
}
