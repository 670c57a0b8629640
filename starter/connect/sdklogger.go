package connect

import (
	"fmt"

	"go.temporal.io/sdk/log"
	"go.uber.org/zap"
)

// SDKLogger is a Temporal SDK logger writing to zap, so the worker, the SDK
// and our activities log through one zap logger.
type SDKLogger struct{ z *zap.Logger }

var (
	_ log.Logger     = (*SDKLogger)(nil)
	_ log.WithLogger = (*SDKLogger)(nil)
)

// NewSDKLogger adapts z; the SDK's own frames are skipped so lines point at the caller.
func NewSDKLogger(z *zap.Logger) *SDKLogger {
	return &SDKLogger{z: z.WithOptions(zap.AddCallerSkip(1))}
}

// Debug logs at debug level with key-value pairs.
func (l *SDKLogger) Debug(msg string, keyvals ...any) { l.z.Debug(msg, fields(keyvals)...) }

// Info logs at info level with key-value pairs.
func (l *SDKLogger) Info(msg string, keyvals ...any) { l.z.Info(msg, fields(keyvals)...) }

// Warn logs at warn level with key-value pairs.
func (l *SDKLogger) Warn(msg string, keyvals ...any) { l.z.Warn(msg, fields(keyvals)...) }

// Error logs at error level with key-value pairs.
func (l *SDKLogger) Error(msg string, keyvals ...any) { l.z.Error(msg, fields(keyvals)...) }

// With returns a logger that adds the key-value pairs to every line.
func (l *SDKLogger) With(keyvals ...any) log.Logger {
	return &SDKLogger{z: l.z.With(fields(keyvals)...)}
}

// fields turns the SDK's alternating keys and values into zap fields; a key
// without a value, or a key that is not a string, is kept rather than lost.
func fields(keyvals []any) []zap.Field {
	out := make([]zap.Field, 0, (len(keyvals)+1)/2)
	for i := 0; i < len(keyvals); i += 2 {
		key, ok := keyvals[i].(string)
		if !ok {
			key = fmt.Sprint(keyvals[i])
		}
		if i+1 == len(keyvals) {
			out = append(out, zap.Any("!BADKEY", key))
			break
		}
		if err, isErr := keyvals[i+1].(error); isErr {
			out = append(out, zap.NamedError(key, err))
			continue
		}
		out = append(out, zap.Any(key, keyvals[i+1]))
	}
	return out
}
