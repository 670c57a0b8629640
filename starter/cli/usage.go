package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// mainUsage is the usage of the program.
func mainUsage() string {
	var b strings.Builder
	b.WriteString(`starter drives breakdown assistance cases through Temporal (docs/contract.md).

usage: starter COMMAND [flags]

commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s %s\n", c.name, c.synopsis)
	}
	b.WriteString(`
connection flags, on every command (default from the environment):
  -address HOST:PORT ($TEMPORAL_ADDRESS, else 127.0.0.1:7233)   -namespace NS ($TEMPORAL_NAMESPACE, else default)
  -tls-cert, -tls-key, -tls-ca, -tls-server-name ($TEMPORAL_TLS_*)   -api-key ($TEMPORAL_API_KEY)

exit codes: 0 done; 1 refused by the case (its message, word for word, on stderr) or failed;
2 bad command line or invalid report (nothing sent).

Run 'starter COMMAND -h' for a command's flags.
`)
	return b.String()
}

// printCommandUsage prints a command's synopsis, summary and flags, its own
// first, then the connection flags.
func printCommandUsage(w io.Writer, cmd command, fs *flag.FlagSet, own map[string]bool) {
	fmt.Fprintf(w, "usage: starter %s %s\n\n%s\n\nflags:\n", cmd.name, cmd.synopsis, wrap(cmd.summary, 100))
	printFlags(w, fs, func(name string) bool { return own[name] })
	fmt.Fprintln(w, "\nconnection flags:")
	printFlags(w, fs, func(name string) bool { return !own[name] })
}

// printFlags prints the flags of fs that keep selects, like PrintDefaults.
func printFlags(w io.Writer, fs *flag.FlagSet, keep func(string) bool) {
	fs.VisitAll(func(f *flag.Flag) {
		if !keep(f.Name) {
			return
		}
		kind, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if kind != "" {
			line += " " + kind
		}
		line += "\n    \t" + usage
		switch {
		case f.DefValue == "" || f.DefValue == "false" || f.DefValue == "0":
		case f.Name == "api-key":
			line += " (default: set from the environment)" // a secret is not printed
		case kind == "string":
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		default:
			line += " (default " + f.DefValue + ")"
		}
		fmt.Fprintln(w, line)
	})
}

// wrap breaks text into lines of at most width characters.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case n+1+len(word) > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}
