package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/valetops/assistance/starter/connect"
)

// invocation is a parsed command line, ready to run.
type invocation struct {
	name string
	job  job
	conn *connect.Options
	// mission is the mission the command is about, if any (for messages).
	mission string
	// taskQueue, when set, is where a report starts its case.
	taskQueue string
}

// errUsage is a command line that was refused; the reason is already printed.
var errUsage = errors.New("usage")

// parse reads the command line. On -h it prints the usage on stdout and
// returns flag.ErrHelp; on a bad command line it prints why and the usage on
// stderr and returns an error.
func parse(args []string, stdout, stderr io.Writer) (*invocation, error) {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage())
		return nil, errUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, mainUsage())
		return nil, flag.ErrHelp
	}
	cmd, ok := commandNamed(name)
	if !ok {
		fmt.Fprintf(stderr, "starter: unknown command %q\n\n%s", name, mainUsage())
		return nil, errUsage
	}
	fs := flag.NewFlagSet("starter "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	inv := &invocation{name: name}
	build := cmd.flags(fs, inv)
	own := flagNames(fs)
	inv.conn = connect.Flags(fs)
	fs.Usage = func() {} // printed below, on stdout when asked for
	positional, err := parseInterleaved(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		printCommandUsage(stdout, cmd, fs, own)
		return nil, err
	}
	if err == nil {
		inv.job, err = build(positional)
		if err != nil {
			fmt.Fprintf(stderr, "starter %s: %v\n", name, err)
		}
	}
	if err != nil { // the flag package printed its own errors
		fmt.Fprintf(stderr, "usage: starter %s %s\n(starter %s -h for the flags)\n", cmd.name, cmd.synopsis, cmd.name)
		return nil, errUsage
	}
	return inv, nil
}

// parseInterleaved parses fs's flags wherever they are among the positional
// arguments (`report FILE -address X` as well as `report -address X FILE`);
// everything after "--" is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// flagNames returns the names of the flags declared on fs so far.
func flagNames(fs *flag.FlagSet) map[string]bool {
	names := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { names[f.Name] = true })
	return names
}

// noArgs refuses positional arguments.
func noArgs(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q", args[0])
	}
	return nil
}

// required refuses a flag left empty.
func required(name, value string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("-%s is required", name)
	}
	return nil
}

// optionalBool is a boolean flag that knows whether it was given:
// `-drivable`, `-drivable=true` or `-drivable=false`, or nothing.
type optionalBool struct{ value *bool }

// String returns the value, or "" when unset.
func (b *optionalBool) String() string {
	if b == nil || b.value == nil {
		return ""
	}
	return strconv.FormatBool(*b.value)
}

// Set parses a boolean.
func (b *optionalBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("expected true or false")
	}
	b.value = &v
	return nil
}

// IsBoolFlag lets the flag be given alone, meaning true.
func (b *optionalBool) IsBoolFlag() bool { return true }
