package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/temporal"
)

// Error types of RecordCase.
const (
	// ErrTypeInvalidRecord: the record lacks what it is kept and found by;
	// retrying cannot help.
	ErrTypeInvalidRecord = "InvalidCaseRecord"
	// ErrTypeRecordsUnavailable: the record store could not be written; the
	// attempt is retried, and a record already written is not written twice.
	ErrTypeRecordsUnavailable = "RecordsUnavailable"
)

// What became of the owner's notice (RecordReceipt.OwnerNotice).
const (
	// OwnerNoticeNone: the report names no owner, or the owner is the client.
	OwnerNoticeNone = "none"
	// OwnerNoticeSent: the owner's endpoint took the notice.
	OwnerNoticeSent = "sent"
	// OwnerNoticeNoLink: the worker signs no links, so there is no report to send.
	OwnerNoticeNoLink = "no_link"
	// OwnerNoticeNoNotifier: the worker has no owner notifier configured.
	OwnerNoticeNoNotifier = "no_notifier"
	// OwnerNoticeRefusedPrefix precedes the reason the owner's endpoint
	// refused the notice (a final answer: it is not sent again).
	OwnerNoticeRefusedPrefix = "refused: "
)

// OwnerNotifier sends the vehicle's owner or lessor the report of a closed
// case (providers implements it as a signed webhook).
type OwnerNotifier interface {
	NotifyOwner(ctx context.Context, n OwnerNotice) error
}

// OwnerNotice tells the vehicle's owner or lessor that a case of its vehicle
// closed, with the link to the case's printable report (audience owner).
type OwnerNotice struct {
	// NoticeID is the same for every attempt at one case's notice (also sent
	// as the Idempotency-Key): a receiver that sees it twice keeps one.
	NoticeID  string                 `json:"notice_id"`
	CaseID    string                 `json:"case_id"`
	MissionID string                 `json:"mission_id"`
	ClientID  string                 `json:"client_id"`
	OwnerID   string                 `json:"owner_id"`
	VIN       string                 `json:"vin"`
	Plate     string                 `json:"plate"`
	ClosedAt  string                 `json:"closed_at"`
	Mission   contract.MissionStatus `json:"mission,omitempty"`
	Cancelled bool                   `json:"cancelled"`
	ReportURL string                 `json:"report_url"`
}

// RecordReceipt says what RecordCase did.
type RecordReceipt struct {
	// Recorded: the case's record is kept (false: the worker keeps none).
	Recorded bool `json:"recorded"`
	// New: this call wrote the record (false: it was already there, from an
	// earlier attempt).
	New bool `json:"new"`
	// OwnerNotice is what became of the owner's notice: none, sent, no_link,
	// no_notifier, or "refused: REASON".
	OwnerNotice string `json:"owner_notice"`
}

// RecordCase keeps the record of a closed case (closed normally, or
// cancelled and compensated), then sends the vehicle's owner or lessor, when
// it is not the client, the link to the case's report. It is idempotent by
// case and run: a retried attempt, or a second call for the same case, leaves
// exactly one record; the owner's notice carries the same id on every attempt.
// A store that cannot be written, or an owner's endpoint that cannot be
// reached, fails the attempt and Temporal retries it (the record, once written,
// is not written again).
func (a *Activities) RecordCase(ctx context.Context, r CaseRecord) (RecordReceipt, error) {
	if err := r.Validate(); err != nil {
		return RecordReceipt{}, temporal.NewNonRetryableApplicationError("case record: "+err.Error(), ErrTypeInvalidRecord, nil)
	}
	var receipt RecordReceipt
	if a.Recorder != nil {
		isNew, err := a.Recorder.Record(ctx, r)
		if err != nil {
			return RecordReceipt{}, temporal.NewApplicationError(
				fmt.Sprintf("recording case %s: %v", r.Outcome.CaseID, err), ErrTypeRecordsUnavailable, err)
		}
		receipt.Recorded, receipt.New = true, isNew
	}
	notice, err := a.notifyOwner(ctx, r)
	if err != nil {
		return RecordReceipt{}, err
	}
	receipt.OwnerNotice = notice
	if notice == OwnerNoticeSent && a.Recorder != nil {
		if err := a.Recorder.OwnerNotified(ctx, r.Outcome.CaseID, time.Now()); err != nil {
			return RecordReceipt{}, temporal.NewApplicationError(
				fmt.Sprintf("noting the owner's notice of case %s: %v", r.Outcome.CaseID, err), ErrTypeRecordsUnavailable, err)
		}
	}
	return receipt, nil
}

// notifyOwner sends the owner its notice, when there is an owner other than
// the client and a report to link to.
func (a *Activities) notifyOwner(ctx context.Context, r CaseRecord) (string, error) {
	owner := r.Report.Vehicle.OwnerID
	if owner == "" || owner == r.Report.ClientID {
		return OwnerNoticeNone, nil
	}
	link := r.Outcome.ReportURL
	if link == "" && a.Links != nil {
		if links, err := a.Links.CaseLinks(r.Outcome.CaseID); err == nil {
			link = links.Report
		}
	}
	switch {
	case link == "":
		return OwnerNoticeNoLink, nil
	case a.Owners == nil:
		return OwnerNoticeNoNotifier, nil
	}
	n := OwnerNotice{
		NoticeID: "owner-report-" + r.Outcome.CaseID, CaseID: r.Outcome.CaseID, MissionID: r.Report.MissionID,
		ClientID: r.Report.ClientID, OwnerID: owner, VIN: r.Report.Vehicle.VIN, Plate: r.Report.Vehicle.Plate,
		ClosedAt: r.Closed().UTC().Format(time.RFC3339), Mission: r.Outcome.Mission, Cancelled: r.Outcome.Cancelled,
		ReportURL: link,
	}
	err := a.Owners.NotifyOwner(ctx, n)
	switch {
	case errors.Is(err, ErrRefused):
		return OwnerNoticeRefusedPrefix + err.Error(), nil
	case err != nil:
		return "", providerError("owner "+owner, "report notice", err)
	}
	return OwnerNoticeSent, nil
}
