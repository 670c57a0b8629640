// Command starter drives breakdown assistance cases from the command line:
// report a breakdown, qualify, decide, choose a service, override the
// decision, cancel, read or wait for a case's outcome, and list cases. Run
// `starter -h` for the commands; the exit code is 0 when done, 1 when the case
// refused (its message on stderr) or the call failed, 2 on a bad command line
// or an invalid report.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/valetops/assistance/starter/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
