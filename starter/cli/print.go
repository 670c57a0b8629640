package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/starter"
)

// printJSON prints v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printOutcome prints a case's outcome as JSON, or as a short summary
// followed by the timeline.
func printOutcome(w io.Writer, o contract.Outcome, asJSON bool) error {
	if asJSON {
		return printJSON(w, o)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(label, value string) { fmt.Fprintf(tw, "%s\t%s\n", label, orDash(value)) }
	row("case", fmt.Sprintf("%s (mission %s, client %s)", o.CaseID, o.MissionID, o.ClientID))
	row("stage", string(o.Stage))
	row("summary", o.Summary)
	row("origin", origin(o))
	row("handler", handler(o))
	row("approval", approval(o))
	row("services", services(o))
	row("mission", joinNonEmpty(": ", string(o.Mission), o.MissionReason))
	if o.Cancelled {
		row("cancelled", "yes")
	}
	row("notified", joinKinds(o.ClientNotified))
	if o.TrackingURL != "" {
		row("tracking", o.TrackingURL)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "timeline:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range o.Timeline {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", e.At, e.Stage, e.Step, e.Reason)
	}
	return tw.Flush()
}

func origin(o contract.Outcome) string {
	if o.Origin == "" {
		return ""
	}
	return fmt.Sprintf("%s, nature %s, drivable=%t, qualified by %s", o.Origin, o.Nature, o.Drivable, orDash(o.QualifiedBy))
}

func handler(o contract.Outcome) string {
	if o.Handler == "" {
		return ""
	}
	s := string(o.Handler)
	if o.Provider != "" {
		s += " (" + o.Provider + ")"
	}
	if o.Fallback {
		s += ", fallback"
	}
	if o.Payer != "" {
		s += ", paid by " + string(o.Payer)
	}
	if o.Liability != "" {
		s += ", liability " + string(o.Liability)
	}
	if o.Coverage != "" {
		s += ", coverage " + o.Coverage
	}
	return s
}

func approval(o contract.Outcome) string {
	if len(o.OptionsOffered) == 0 {
		return o.Approval
	}
	offered := make([]string, len(o.OptionsOffered))
	for i, opt := range o.OptionsOffered {
		offered[i] = fmt.Sprintf("%s %.2f EUR", opt.Option, opt.PriceEUR)
	}
	return o.Approval + "; offered: " + strings.Join(offered, ", ")
}

func services(o contract.Outcome) string {
	names := make([]string, len(o.Services))
	for i, s := range o.Services {
		names[i] = string(s)
	}
	s := strings.Join(names, ", ")
	if o.TowDestination != "" {
		s = joinNonEmpty(", ", s, "towed to "+o.TowDestination)
	}
	if len(o.Entitlements) > 0 {
		owed := make([]string, len(o.Entitlements))
		for i, e := range o.Entitlements {
			owed[i] = string(e)
		}
		s = joinNonEmpty("; ", s, "entitled to "+strings.Join(owed, ", "))
	}
	return s
}

func joinKinds(kinds []contract.NoticeKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// joinNonEmpty joins the non-empty parts.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// printCases prints one aligned line per case under a header; nothing when
// there is no case.
// printReceipt prints the answer to resolve or acknowledge.
func printReceipt(w io.Writer, what string, kind contract.AlertKind, r contract.OpsReceipt) error {
	left := "none"
	if len(r.OpsAttention) > 0 {
		names := make([]string, len(r.OpsAttention))
		for i, k := range r.OpsAttention {
			names[i] = string(k)
		}
		left = strings.Join(names, ", ")
	}
	_, err := fmt.Fprintf(w, "%s %s; stage %s; alerts still waiting for ops: %s\n", what, kind, r.Stage, left)
	return err
}

func printCases(w io.Writer, cases []starter.CaseSummary) error {
	if len(cases) == 0 {
		return nil
	}
	ops := false
	for _, c := range cases {
		ops = ops || len(c.OpsAttention) > 0
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "WORKFLOW ID\tSTATUS\tSTAGE\tMISSION\tPLATE\tORIGIN\tHANDLER\tSTARTED"
	if ops {
		header += "\tOPS ATTENTION\tOPS SINCE"
	}
	fmt.Fprintln(tw, header)
	for _, c := range cases {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", c.WorkflowID, c.Status, orDash(c.Stage), orDash(c.MissionID),
			orDash(c.Plate), orDash(c.Origin), orDash(c.Handler), c.StartTime.UTC().Format(time.RFC3339))
		if ops {
			since := "-"
			if !c.OpsSince.IsZero() {
				since = c.OpsSince.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "\t%s\t%s", orDash(strings.Join(c.OpsAttention, ",")), since)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
