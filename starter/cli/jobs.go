package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/starter"
)

// job is what a parsed command does with the cases.
type job interface {
	run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error
}

// preparer is a job with work to do before connecting (reading its input).
type preparer interface {
	prepare(stdin io.Reader) error
}

type reportJob struct {
	file   string
	json   bool
	report contract.Report
}

// prepare reads and checks the report; an invalid one lists each field and
// its reason.
func (j *reportJob) prepare(stdin io.Reader) error {
	var data []byte
	var err error
	if j.file == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(j.file)
	}
	if err != nil {
		return fmt.Errorf("starter report: %w", err)
	}
	if j.report, err = contract.ParseReport(data); err != nil {
		return fmt.Errorf("starter report: invalid report %s, nothing was started:\n%s", j.source(), problems(err))
	}
	return nil
}

func (j *reportJob) source() string {
	if j.file == "-" {
		return "on stdin"
	}
	return "in " + j.file
}

// problems lists each field's problem on its own line.
func problems(err error) string {
	var fields strictjson.FieldErrors
	if !errors.As(err, &fields) {
		return "  " + err.Error()
	}
	out := ""
	for i, f := range fields {
		if i > 0 {
			out += "\n"
		}
		out += "  " + f.Error()
	}
	return out
}

func (j *reportJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	receipt, err := cases.Report(ctx, j.report)
	if err != nil {
		return err
	}
	if j.json {
		return printJSON(stdout, receipt)
	}
	what := "new case"
	if receipt.Duplicate {
		what = "duplicate: the report reached the running case"
	}
	_, err = fmt.Fprintf(stdout, "%s %s (mission %s), stage %s\n", what, receipt.CaseID, j.report.MissionID, receipt.Stage)
	return err
}

type qualifyJob struct {
	mission string
	req     contract.QualifyRequest
}

func (j *qualifyJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	q, err := cases.Qualify(ctx, j.mission, j.req)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "qualified: origin %s, nature %s, drivable=%t, by %s: %s\n", q.Origin, q.Nature, q.Drivable, q.By, q.Reason)
	return err
}

type decideJob struct {
	mission string
	req     contract.DecideRequest
}

func (j *decideJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	approval, err := cases.Decide(ctx, j.mission, j.req)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, approval)
	return err
}

type chooseJob struct {
	mission string
	req     contract.ServiceChoice
}

func (j *chooseJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	service, err := cases.ChooseService(ctx, j.mission, j.req)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "ordered: %s\n", service)
	return err
}

type overrideJob struct {
	mission string
	req     contract.OverrideRequest
}

func (j *overrideJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	d, err := cases.OverrideDecision(ctx, j.mission, j.req)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "mission %s (by %s): %s\n", d.Mission, d.By, d.Reason)
	return err
}

type resolveJob struct {
	mission string
	req     contract.ResolveRequest
}

func (j *resolveJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	r, err := cases.Resolve(ctx, j.mission, j.req)
	if err != nil {
		return err
	}
	return printReceipt(stdout, "resolved", j.req.Kind, r)
}

type acknowledgeJob struct {
	mission string
	req     contract.AcknowledgeRequest
}

func (j *acknowledgeJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	r, err := cases.Acknowledge(ctx, j.mission, j.req)
	if err != nil {
		return err
	}
	return printReceipt(stdout, "acknowledged", j.req.Kind, r)
}

type cancelJob struct {
	mission string
	req     contract.CancelRequest
	json    bool
}

func (j *cancelJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	out, err := cases.Cancel(ctx, j.mission, j.req)
	if err != nil {
		return err
	}
	return printOutcome(stdout, out, j.json)
}

type statusJob struct {
	mission string
	json    bool
}

func (j *statusJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	out, err := cases.Outcome(ctx, j.mission)
	if err != nil {
		return err
	}
	return printOutcome(stdout, out, j.json)
}

type linksJob struct {
	mission string
}

func (j *linksJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	out, err := cases.Outcome(ctx, j.mission)
	if err != nil {
		return err
	}
	if out.TrackingURL == "" {
		return fmt.Errorf("the case of mission %s hands out no links (a worker without -link-keys, or a case opened before the pages)", j.mission)
	}
	fmt.Fprintf(stdout, "tracking (client)   %s\n", out.TrackingURL)
	fmt.Fprintf(stdout, "report   (owner)    %s\n", out.ReportURL)
	return nil
}

type waitJob struct {
	mission string
	json    bool
}

func (j *waitJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	out, err := cases.Wait(ctx, j.mission)
	if err != nil {
		return err
	}
	return printOutcome(stdout, out, j.json)
}

type listJob struct {
	filter starter.Filter
	json   bool
}

func (j *listJob) run(ctx context.Context, cases *starter.Cases, stdout io.Writer) error {
	found, err := cases.List(ctx, j.filter)
	if err != nil {
		return err
	}
	if j.json {
		if found == nil {
			found = []starter.CaseSummary{}
		}
		return printJSON(stdout, found)
	}
	return printCases(stdout, found)
}
