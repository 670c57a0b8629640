package cli

import (
	"errors"
	"flag"
)

// command is one subcommand: its flags, and how they make a job.
type command struct {
	name, synopsis, summary string
	// flags declares the command's flags on fs; the returned build makes the
	// job once they are parsed, from the positional arguments.
	flags func(fs *flag.FlagSet, inv *invocation) (build func(args []string) (job, error))
}

// commands are the subcommands, in the order of the usage.
var commands = []command{
	{"report", "[-json] [-task-queue Q] FILE.json|-",
		"Report a breakdown (the valet's report, JSON; - reads stdin) with update-with-start: it opens the case, " +
			"or reaches the running case of the same mission (duplicate). An invalid report names the field and the " +
			"reason and starts nothing (exit 2).", reportFlags},
	{"qualify", "-mission M -origin O -nature N [-drivable=true|false] [-operator NAME] [-note TEXT]",
		"Qualify the breakdown for ops: origin valet_error, operator_fault or mechanical, and its nature. " +
			"Without -drivable, the proposal's drivability is kept.", qualifyFlags},
	{"decide", "-mission M (-choose OPTION | -decline) [-by NAME]",
		"The client's decision on the paid options offered: approve one, or decline them all.", decideFlags},
	{"choose", "-mission M -service S [-by NAME]",
		"The beneficiary's choice of an additional service offered after a tow.", chooseFlags},
	{"override", "-mission M -decision resumed|suspended|reorganised|stopped -reason TEXT [-operator NAME]",
		"Ops replace the proposed decision on the mission.", overrideFlags},
	{"cancel", "-mission M -by client|ops -reason TEXT [-json]",
		"Cancel the case: open assignments are cancelled at the provider; prints the outcome once closed.", cancelFlags},
	{"status", "-mission M [-json]",
		"Where the case stands (the outcome Query): stage, summary, qualification, handler, approval, services, " +
			"mission decision and timeline; -json prints the outcome as JSON.", statusFlags},
	{"links", "-mission M",
		"The links to the case's pages, as the case hands them out (the outcome Query): the client's tracking " +
			"page, its approval page while an approval is pending, and the owner's printable report.", linksFlags},
	{"wait", "-mission M [-json]",
		"Block until the case closes, then print its outcome.", waitFlags},
	{"resolve", "-mission M -kind K -operator NAME -action TEXT [-note TEXT]",
		"Ops say what they did about an alert that needs a person (e.g. -kind unassisted -action 'arranged a tow by hand' " +
			"-note 'Dépannage Martin'); a case waiting for ops closes once none is left.", resolveFlags},
	{"acknowledge", "-mission M -kind K -operator NAME [-note TEXT]",
		"Ops have seen an informative alert (eta_breached, not_repaired_on_site).", acknowledgeFlags},
	{"list", "[-needs-ops] [-attention KIND] [-waiting-for-approval] [-late] [-stage S] [-mission M] [-client C] " +
		"[-plate P] [-vin V] [-origin O] [-nature N] [-handler H] [-open] [-query RAW] [-limit N] [-json]",
		"List cases by their search attributes, one line each: workflow id, status, stage, mission, plate, " +
			"origin, handler, start time (most recent first), and the alerts waiting for ops. The saved views of " +
			"docs/ops.md: -needs-ops (running cases with an alert ops have not handled, oldest alert first), " +
			"-waiting-for-approval -open, -late.", listFlags},
	{"export", "-client C -from DATE -to DATE [-format csv|json] [-records URL] [-link]",
		"A client's closed cases that broke down in the period, from the case record store (docs/records.md), one " +
			"line each with what a lessor reconciles: mission, dates, VIN, plate, origin, nature, handler, provider, payer, " +
			"services, mission decision, warranty amounts. -link prints the client's signed link to the same as a CSV " +
			"download instead. Needs no Temporal server.", exportFlags},
	{"scorecard", "-from DATE -to DATE [-provider P] [-records URL] [-out FILE.html]",
		"The providers' scorecards of the requests sent in the period, from the case record store (docs/scorecards.md): " +
			"offers sent, accepted within the offer window, refused by reason, expired; time to accept and ETA promised " +
			"(p50, p90); arrivals within the promise and breaches; jobs reassigned; how jobs ended — beside the trade's " +
			"targets (Agero, Road America). -out also writes the report with charts. Needs no Temporal server.", scorecardFlags},
}

// commandNamed finds a subcommand.
func commandNamed(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func reportFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &reportJob{}
	fs.BoolVar(&j.json, "json", false, "print the receipt as JSON")
	fs.StringVar(&inv.taskQueue, "task-queue", "", "task queue of the case worker (default breakdown-assistance)")
	return func(args []string) (job, error) {
		switch len(args) {
		case 0:
			return nil, errors.New("name the report file (FILE.json, or - for stdin)")
		case 1:
			j.file = args[0]
			return j, nil
		default:
			return nil, errors.New("one report at a time")
		}
	}
}

// missionFlag declares -mission; check requires it and records it on inv.
func missionFlag(fs *flag.FlagSet, inv *invocation, mission *string) (check func(args []string) error) {
	fs.StringVar(mission, "mission", "", "mission id of the case (required)")
	return func(args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		inv.mission = *mission
		return required("mission", *mission)
	}
}

func qualifyFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &qualifyJob{}
	check := missionFlag(fs, inv, &j.mission)
	var drivable optionalBool
	fs.StringVar((*string)(&j.req.Origin), "origin", "", "origin: valet_error, operator_fault or mechanical")
	fs.StringVar((*string)(&j.req.Nature), "nature", "", "nature of the breakdown, e.g. engine, flat_tyre, battery_12v")
	fs.Var(&drivable, "drivable", "whether the vehicle is drivable and safe (unset: keep the proposal's)")
	fs.StringVar(&j.req.Operator, "operator", "", "who qualifies, for the trace")
	fs.StringVar(&j.req.Note, "note", "", "a note for the trace")
	return func(args []string) (job, error) {
		j.req.Drivable = drivable.value
		return orNil(j, check(args))
	}
}

func decideFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &decideJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.StringVar(&j.req.Choose, "choose", "", "the offered option the client approves, e.g. tow")
	fs.BoolVar(&j.req.Decline, "decline", false, "the client declines every paid option")
	fs.StringVar(&j.req.By, "by", "", "who decided at the client, for the trace")
	return func(args []string) (job, error) {
		if err := check(args); err != nil {
			return nil, err
		}
		if (j.req.Choose == "") == !j.req.Decline {
			return nil, errors.New("give either -choose OPTION or -decline")
		}
		return j, nil
	}
}

func chooseFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &chooseJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.StringVar((*string)(&j.req.Service), "service", "", "the additional service chosen, e.g. replacement_vehicle")
	fs.StringVar(&j.req.By, "by", "", "who chose, for the trace")
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func overrideFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &overrideJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.StringVar((*string)(&j.req.Mission), "decision", "", "what becomes of the mission: resumed, suspended, reorganised or stopped")
	fs.StringVar(&j.req.Reason, "reason", "", "why (the client is told)")
	fs.StringVar(&j.req.Operator, "operator", "", "who overrides, for the trace")
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func resolveFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &resolveJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.StringVar((*string)(&j.req.Kind), "kind", "", "the alert's kind, e.g. unassisted, compensation_failed, approval_expired")
	fs.StringVar(&j.req.Operator, "operator", "", "who handled it (required)")
	fs.StringVar(&j.req.Action, "action", "", "what was done (required), e.g. 'arranged a tow by hand'")
	fs.StringVar(&j.req.Note, "note", "", "details, e.g. the provider's name")
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func acknowledgeFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &acknowledgeJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.StringVar((*string)(&j.req.Kind), "kind", "", "the alert's kind, e.g. eta_breached")
	fs.StringVar(&j.req.Operator, "operator", "", "who saw it (required)")
	fs.StringVar(&j.req.Note, "note", "", "a note for the record")
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func cancelFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &cancelJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.StringVar(&j.req.By, "by", "", "who cancels: client or ops")
	fs.StringVar(&j.req.Reason, "reason", "", "why")
	fs.BoolVar(&j.json, "json", false, "print the outcome as JSON")
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func statusFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &statusJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.BoolVar(&j.json, "json", false, "print the outcome as JSON")
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func linksFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &linksJob{}
	check := missionFlag(fs, inv, &j.mission)
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func waitFlags(fs *flag.FlagSet, inv *invocation) func([]string) (job, error) {
	j := &waitJob{}
	check := missionFlag(fs, inv, &j.mission)
	fs.BoolVar(&j.json, "json", false, "print the outcome as JSON")
	return func(args []string) (job, error) { return orNil(j, check(args)) }
}

func listFlags(fs *flag.FlagSet, _ *invocation) func([]string) (job, error) {
	j := &listJob{}
	f := &j.filter
	fs.StringVar(&f.Stage, "stage", "", "cases at this stage, e.g. awaiting_approval")
	fs.StringVar(&f.MissionID, "mission", "", "cases of this mission")
	fs.StringVar(&f.ClientID, "client", "", "cases of this client")
	fs.StringVar(&f.Plate, "plate", "", "cases of this plate")
	fs.StringVar(&f.VIN, "vin", "", "cases of this VIN")
	fs.StringVar(&f.Origin, "origin", "", "cases of this origin")
	fs.StringVar(&f.Nature, "nature", "", "cases of this nature")
	fs.StringVar(&f.Handler, "handler", "", "cases handled by: operator_partner, lessor, manufacturer, insurer or operator_arranged")
	fs.BoolVar(&f.WaitingForApproval, "waiting-for-approval", false, "cases waiting for the client's approval")
	fs.BoolVar(&f.WaitingForWarranty, "waiting-for-warranty", false, "cases waiting for their warranty (diagnosis, quote, the manager's decision)")
	fs.BoolVar(&f.NeedsOps, "needs-ops", false, "running cases with an alert ops have not handled, oldest alert first")
	fs.StringVar(&f.Attention, "attention", "", "cases with an unhandled alert of this kind, e.g. unassisted")
	fs.BoolVar(&f.Late, "late", false, "running cases whose provider is late on its promised arrival (EtaBreached)")
	fs.BoolVar(&f.Open, "open", false, "running cases only")
	fs.StringVar(&f.Raw, "query", "", "a visibility query of your own, ANDed with the rest")
	fs.IntVar(&f.Limit, "limit", 100, "at most this many cases (0: all)")
	fs.BoolVar(&j.json, "json", false, "print the cases as a JSON array")
	return func(args []string) (job, error) {
		if err := noArgs(args); err != nil {
			return nil, err
		}
		if f.Limit < 0 {
			return nil, errors.New("-limit must be 0 or more")
		}
		return j, nil
	}
}

// orNil returns j, or no job when err is set.
func orNil(j job, err error) (job, error) {
	if err != nil {
		return nil, err
	}
	return j, nil
}
