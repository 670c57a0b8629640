package workflows_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/testsuite"
)

// records is a record store in memory; fail makes every write fail.
type records struct {
	mu       sync.Mutex
	fail     error
	attempts int
	kept     []activities.CaseRecord
	owners   []string
}

func (r *records) Record(_ context.Context, rec activities.CaseRecord) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts++
	if r.fail != nil {
		return false, r.fail
	}
	for _, k := range r.kept {
		if k.Outcome.CaseID == rec.Outcome.CaseID {
			return false, nil
		}
	}
	r.kept = append(r.kept, rec)
	return true, nil
}

func (r *records) OwnerNotified(_ context.Context, caseID string, _ time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.owners = append(r.owners, caseID)
	return nil
}

// owners plays the owners' endpoint; down: it cannot be reached.
type owners struct{ down bool }

func (o owners) NotifyOwner(context.Context, activities.OwnerNotice) error {
	if o.down {
		return errors.New("connection refused")
	}
	return nil
}

// links signs fixed links.
type links struct{}

func (links) CaseLinks(caseID string) (contract.CaseLinks, error) {
	return contract.CaseLinks{Tracking: "https://assist.example/t/" + caseID, Report: "https://assist.example/r/" + caseID}, nil
}

func (links) PositionURL(caseID string) (string, error) {
	return "https://assist.example/p/" + caseID, nil
}

func alerted(o contract.Outcome) []contract.AlertKind {
	var kinds []contract.AlertKind
	for _, a := range o.OpsAlerts {
		kinds = append(kinds, a.Kind)
	}
	return kinds
}

func TestTheClosedCaseIsRecordedOnce(t *testing.T) {
	s := variant(t, "coverage/c01_hv_battery_limited.json", nil)
	store := &records{}
	p := testsuite.PlayWith(s, func(_ *sdktest.TestWorkflowEnvironment, p *testsuite.Played) { p.Activities.Recorder = store })
	require.NoError(t, p.Err)
	require.Len(t, store.kept, 1, "one record per case")
	r := store.kept[0]
	assert.Equal(t, 1, store.attempts)
	assert.Equal(t, p.Outcome, r.Outcome, "the record keeps the outcome as the Query answers it at close")
	assert.Equal(t, contract.StageClosed, r.Outcome.Stage)
	assert.Equal(t, "closed", r.Outcome.Timeline[len(r.Outcome.Timeline)-1].Step)
	assert.Equal(t, s.Report.Vehicle.VIN, r.Report.Vehicle.VIN)
	closed, err := time.Parse(time.RFC3339, r.ClosedAt)
	require.NoError(t, err)
	last, _ := time.Parse(time.RFC3339, r.Outcome.Timeline[len(r.Outcome.Timeline)-1].At)
	assert.WithinDuration(t, last, closed, time.Second, "closed at the close, in workflow time")
	assert.Equal(t, "limited", r.Outcome.Coverage)
	assert.Contains(t, r.CoverageReason, "Limited benefit", "the verdict's sentence")
	require.NotEmpty(t, r.Services)
	for _, sv := range r.Services {
		assert.Equal(t, "byd-assistance", sv.Provider, sv.Service)
	}
	assert.Empty(t, alerted(p.Outcome))
}

func TestACancelledCaseIsRecordedOnItsCompensatedClose(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	store := &records{}
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, p *testsuite.Played) {
		p.Activities.Recorder = store
		env.RegisterDelayedCallback(env.CancelWorkflow, 30*time.Minute)
	})
	var canceled *temporal.CanceledError
	require.ErrorAs(t, p.Err, &canceled, "cancelled by ops: the run ends cancelled")
	require.Len(t, store.kept, 1, "recorded on the disconnected context while the workflow is cancelled")
	r := store.kept[0]
	assert.True(t, r.Outcome.Cancelled)
	assert.Equal(t, contract.StageClosed, r.Outcome.Stage)
	assert.Equal(t, contract.MissionStopped, r.Outcome.Mission)
	assert.Equal(t, "closed", r.Outcome.Timeline[len(r.Outcome.Timeline)-1].Step)
}

func TestARecordTheStoreNeverTakesAlertsOps(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	store := &records{fail: errors.New("database is locked")}
	p := testsuite.PlayWith(s, func(_ *sdktest.TestWorkflowEnvironment, p *testsuite.Played) { p.Activities.Recorder = store })
	require.NoError(t, p.Err, "the case does not fail")
	assert.Equal(t, contract.StageClosed, p.Outcome.Stage)
	assert.Greater(t, store.attempts, 3, "retried for five minutes")
	assert.Equal(t, []contract.AlertKind{contract.AlertRecordNotWritten}, alerted(p.Outcome))
	assert.Contains(t, steps(p.Outcome), "record_not_written: the case's record could not be written")
	var sent []contract.AlertKind
	for _, a := range p.Recorder.Alerts {
		sent = append(sent, a.Kind)
		assert.True(t, a.NeedsPerson)
	}
	assert.Equal(t, []contract.AlertKind{contract.AlertRecordNotWritten}, sent, "ops' URL hears of it")
}

func TestAnOwnerNotReachedAlertsOpsWithTheRecordKept(t *testing.T) {
	s := variant(t, "p03_lease_return_lessor_tows.json", func(m map[string]any) {
		m["report"].(map[string]any)["vehicle"].(map[string]any)["owner_id"] = "C-LESSOR-2"
	})
	store := &records{}
	p := testsuite.PlayWith(s, func(_ *sdktest.TestWorkflowEnvironment, p *testsuite.Played) {
		p.Activities.Recorder, p.Activities.Owners, p.Activities.Links = store, owners{down: true}, links{}
	})
	require.NoError(t, p.Err)
	require.Len(t, store.kept, 1, "the record is written once, the notice retried")
	assert.Empty(t, store.owners)
	assert.Equal(t, []contract.AlertKind{contract.AlertOwnerNotNotified}, alerted(p.Outcome))

	store = &records{}
	p = testsuite.PlayWith(s, func(_ *sdktest.TestWorkflowEnvironment, p *testsuite.Played) {
		p.Activities.Recorder, p.Activities.Owners, p.Activities.Links = store, owners{}, links{}
	})
	require.NoError(t, p.Err)
	require.Len(t, store.kept, 1)
	assert.Len(t, store.owners, 1, "the owner was told")
	assert.Empty(t, alerted(p.Outcome))
}
