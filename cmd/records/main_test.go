package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// TestRecordsCommand: migrate, status, a dry run then a purge of the records
// older than the retention, and reseal after a rotation, on a SQLite store.
func TestRecordsCommand(t *testing.T) {
	dir := t.TempDir()
	db := record.SQLiteURL(dir)
	older, err := encryption.NewEntry("2026-01")
	require.NoError(t, err)
	newer, err := encryption.NewEntry("2027-01")
	require.NoError(t, err)
	keyFile := filepath.Join(dir, "payload-keys")
	require.NoError(t, os.WriteFile(keyFile, []byte(older+"\n"), 0o600))
	cmd := func(args ...string) (string, error) {
		var out, errs bytes.Buffer
		err := run(context.Background(), args, &out, &errs)
		return out.String() + errs.String(), err
	}

	got, err := cmd("migrate", "-db", db)
	require.NoError(t, err, got)

	keys, err := encryption.ParseKeys(older)
	require.NoError(t, err)
	st, err := record.Open(context.Background(), db, record.Options{Keys: keys})
	require.NoError(t, err)
	current, newest, err := st.Version(context.Background())
	require.NoError(t, err)
	assert.Equal(t, newest, current, "migrate brought the store to this build's schema")
	assert.Contains(t, got, fmt.Sprintf("schema version %d, up to date", newest))
	for mission, age := range map[string]time.Duration{"M-OLD": 6 * 365 * 24 * time.Hour, "M-NEW": 24 * time.Hour} {
		at := time.Now().Add(-age).UTC()
		_, err := st.Record(context.Background(), activities.CaseRecord{
			Report: contract.Report{MissionID: mission, ClientID: "C-1", ValetID: "V-1", At: at.Format(time.RFC3339),
				Vehicle: contract.Vehicle{VIN: "LGXCE4CB0P0000001", Plate: "AB-123-CD", Kind: contract.KindNew}},
			Outcome:  contract.Outcome{CaseID: "breakdown-" + mission + "/run", Stage: contract.StageClosed},
			ClosedAt: at.Add(time.Hour).Format(time.RFC3339)})
		require.NoError(t, err)
	}
	require.NoError(t, st.Close())

	got, err = cmd("status", "-db", db)
	require.NoError(t, err, got)
	assert.Contains(t, got, "records         2")
	assert.Contains(t, got, "sealed under    2026-01: 2")

	got, err = cmd("purge", "-db", db, "-dry-run")
	require.NoError(t, err, got)
	assert.Contains(t, got, "1 records of cases closed before")
	assert.Contains(t, got, "would be removed (retention 5y)")
	got, err = cmd("purge", "-db", db)
	require.NoError(t, err, got)
	assert.Contains(t, got, "1 records of cases closed before")
	got, err = cmd("status", "-db", db)
	require.NoError(t, err, got)
	assert.Contains(t, got, "records         1")

	require.NoError(t, os.WriteFile(keyFile, []byte(older+"\n"+newer+"\n"), 0o600))
	got, err = cmd("reseal", "-db", db, "-payload-keys", keyFile)
	require.NoError(t, err, got)
	assert.Contains(t, got, "1 records sealed again under 2027-01")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"purge", "-db", db, "-retention", "forever"}, `-retention: retention "forever"`},
		{[]string{"status", "-db", "mysql://x"}, "-db: records:"},
		{[]string{"reseal", "-db", db, "-payload-keys", "/no/such/keys"}, "-payload-keys:"},
		{[]string{"vacuum", "-db", db}, `unknown command "vacuum"`},
	} {
		_, err := cmd(tc.args...)
		if assert.Error(t, err, tc.args) {
			assert.Contains(t, err.Error(), tc.want, tc.args)
		}
	}
}
