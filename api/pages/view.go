package pages

import (
	"strings"
	"time"

	"github.com/valetops/assistance/contract"
)

// view is a case as the pages show it, in the reader's language and zone.
type view struct {
	O contract.Outcome
	// Where is where the case stands, in plain words.
	Where string
	// Told is the timeline of what the client was told.
	Told []told
	// Provider, ETA, LateMinutes and Arrived describe the assistance.
	Provider    string
	ETA         string
	LateMinutes int
	Arrived     bool
	// Destination and Address say where the vehicle was taken.
	Destination string
	Address     string
	// Replacement is true with a replacement vehicle, until ReplacementUntil.
	Replacement      bool
	ReplacementUntil string
	// Mission is the decision on the mission, MissionReason its reason.
	Mission       string
	MissionReason string
	// ApprovalPending: the client has paid options to approve.
	ApprovalPending bool
	// Options are the paid options with their price, Approval the decision
	// taken, ApprovalReason why the client pays, in words.
	Options        []option
	Approval       string
	ApprovalReason string
	Closed         bool
	// Updated is when the page was made.
	Updated string
	// Trace is the whole timeline, for the report.
	Trace []traced
}

// told is one notice the client received.
type told struct {
	At, Title, Message string
}

// option is a quoted paid option.
type option struct {
	Value, Name, Price, Provider string
}

// traced is one step of the case, for the report.
type traced struct {
	Day, Time, Stage, Step, Reason string
}

// newView turns an outcome into what a page shows, at now in zone.
func newView(o contract.Outcome, t texts, zone *time.Location, now time.Time) *view {
	v := &view{
		O:               o,
		Where:           t.Word("stage_", string(o.Stage)),
		Provider:        o.Provider,
		Destination:     destination(t, o.TowDestination),
		Address:         o.TowAddress,
		Replacement:     o.HasService(contract.ServiceReplacementVehicle),
		ApprovalPending: o.Approval == contract.ApprovalPending,
		Closed:          o.Stage == contract.StageClosed,
		Updated:         now.In(zone).Format("15:04"),
	}
	if o.ReplacementVehicleUntil != "" {
		v.ReplacementUntil = day(o.ReplacementVehicleUntil, zone)
	}
	for _, e := range o.Timeline {
		v.Trace = append(v.Trace, traced{
			Day:    clock(e.At, zone, "02/01/2006"),
			Time:   clock(e.At, zone, "15:04:05"),
			Stage:  string(e.Stage),
			Step:   e.Step,
			Reason: e.Reason,
		})
		if e.Step != "client_notified" {
			continue
		}
		kind, message, _ := strings.Cut(e.Reason, ": ")
		v.Told = append(v.Told, told{At: clock(e.At, zone, "15:04"), Title: t.Word("notice_", kind), Message: message})
		switch contract.NoticeKind(kind) {
		case contract.NoticeOnSite, contract.NoticeRepaired, contract.NoticeTowed:
			v.Arrived = true
		}
	}
	if eta, err := time.Parse(time.RFC3339, o.ETA); err == nil && o.Provider != "" {
		v.ETA = eta.In(zone).Format("15:04")
		if late := now.Sub(eta); late >= time.Minute && !v.Arrived && !v.Closed {
			v.LateMinutes = int(late / time.Minute)
		}
	}
	if o.Mission != "" {
		v.Mission = t.Word("mission_", string(o.Mission))
		v.MissionReason = o.MissionReason
	}
	for _, op := range o.OptionsOffered {
		v.Options = append(v.Options, option{Value: op.Option, Name: t.Word("option_", op.Option),
			Price: t.Price(op.PriceEUR), Provider: op.Provider})
	}
	v.Approval = approval(o.Approval, t)
	v.ApprovalReason = t.ApprovalReason(o.ApprovalReason)
	return v
}

// approval says the client's decision in plain words.
func approval(state string, t texts) string {
	switch {
	case state == contract.ApprovalPending:
		return t["approval_waiting"]
	case state == contract.ApprovalDeclined:
		return t["declined"]
	case state == contract.ApprovalExpired:
		return t["expired"]
	case strings.HasPrefix(state, "approved:"):
		return t["approved_as"] + " " + t.Word("option_", strings.TrimPrefix(state, "approved:"))
	default:
		return t["not_required"]
	}
}

func destination(t texts, d string) string {
	if d == "" {
		return ""
	}
	return t.Word("dest_", d)
}

func clock(rfc3339 string, zone *time.Location, layout string) string {
	at, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return rfc3339
	}
	return at.In(zone).Format(layout)
}

// day writes a date (YYYY-MM-DD or RFC 3339) as dd/mm/yyyy.
func day(s string, zone *time.Location) string {
	if at, err := time.Parse(time.DateOnly, s); err == nil {
		return at.Format("02/01/2006")
	}
	if at, err := time.Parse(time.RFC3339, s); err == nil {
		return at.In(zone).Format("02/01/2006")
	}
	return s
}
