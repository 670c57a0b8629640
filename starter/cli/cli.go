// Package cli is the command line over the typed client (starter.Cases), for
// ops and scripts: report a breakdown, qualify, decide, choose a service,
// override the decision, cancel, read or wait for a case's outcome, list
// cases by their search attributes, and export a client's closed cases from
// the case record store (docs/records.md). A case's refusal is printed word
// for word on stderr.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"go.temporal.io/api/serviceerror"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/starter/connect"
)

// The exit codes of Run.
const (
	// ExitOK: the command did what it was asked.
	ExitOK = 0
	// ExitFailed: the case refused the request (its message is on stderr), or
	// the server could not be reached or answered with an error.
	ExitFailed = 1
	// ExitUsage: the command line or the report is wrong; nothing was sent.
	ExitUsage = 2
)

// Run runs the command line args (without the program name) and returns the
// exit code. Results go to stdout; refusals, errors and usage to stderr.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	inv, err := parse(args, stdout, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case err != nil:
		return ExitUsage
	}
	if p, ok := inv.job.(preparer); ok {
		if err := p.prepare(stdin); err != nil {
			fmt.Fprintln(stderr, err)
			return ExitUsage
		}
	}
	if a, ok := inv.job.(alone); ok {
		if err := a.runAlone(ctx, stdout); err != nil {
			printFailure(stderr, inv, err)
			return ExitFailed
		}
		return ExitOK
	}
	c, err := connect.Dial(ctx, inv.conn, newLogger(stderr), nil)
	if err != nil {
		fmt.Fprintf(stderr, "starter %s: %v\n", inv.name, err)
		return ExitFailed
	}
	defer c.Close()
	cases := starter.New(c)
	if inv.taskQueue != "" {
		cases = cases.WithTaskQueue(inv.taskQueue)
	}
	if err := inv.job.run(ctx, cases, stdout); err != nil {
		printFailure(stderr, inv, err)
		return ExitFailed
	}
	return ExitOK
}

// printFailure prints a failed command's error: a case's refusal word for word,
// anything else prefixed with the command.
func printFailure(stderr io.Writer, inv *invocation, err error) {
	var refused *starter.Refused
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &refused):
		fmt.Fprintln(stderr, refused.Message)
	case errors.As(err, &notFound) && inv.mission != "":
		fmt.Fprintf(stderr, "starter %s: no case for mission %s (%s)\n", inv.name, inv.mission, notFound.Message)
	default:
		fmt.Fprintf(stderr, "starter %s: %v\n", inv.name, err)
	}
}

// newLogger logs the SDK's warnings and errors to w, so that nothing but
// results reaches stdout.
func newLogger(w io.Writer) *zap.Logger {
	enc := zap.NewDevelopmentEncoderConfig()
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(zapcore.AddSync(w)), zap.WarnLevel)
	return zap.New(core)
}
