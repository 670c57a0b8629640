package scenario_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/simulation/scenario"
)

// sharedScenarios is the acceptance-scenario directory shared by the project
// (/work/shared/scenarios), seen from this package; SCENARIOS_DIR overrides it.
func sharedScenarios(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SCENARIOS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "scenarios")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no shared scenarios at %s: %v", dir, err)
	}
	return dir
}

func jsonFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	}))
	return files
}

func TestEverySharedScenarioLoads(t *testing.T) {
	dir := sharedScenarios(t)
	files := jsonFiles(t, dir)
	require.GreaterOrEqual(t, len(files), 16, "the ten process scenarios and the six coverage scenarios")
	sawCoverage := false
	for _, f := range files {
		if strings.Contains(f, string(filepath.Separator)+"coverage"+string(filepath.Separator)) {
			sawCoverage = true
		}
		t.Run(strings.TrimPrefix(f, dir+string(filepath.Separator)), func(t *testing.T) {
			s, err := scenario.Load(f)
			require.NoError(t, err)
			assert.Equal(t, f, s.File)
			assert.NotEmpty(t, s.Name)
			assert.NotEmpty(t, s.Expect)
			assert.NotEmpty(t, s.Report.MissionID, "the report is parsed")
			assert.NotEmpty(t, s.Report.Symptoms)
			if s.Ops != nil && s.Ops.Qualify != nil {
				assert.Positive(t, s.Ops.Qualify.After.Duration(), "ops.qualify.after is read")
			}
			if s.Client != nil && s.Client.Decide != nil {
				assert.Positive(t, s.Client.Decide.After.Duration(), "client.decide.after is read")
			}
			if s.Beneficiary != nil {
				assert.NotEmpty(t, s.Beneficiary.Choose)
			}
			for name, p := range s.Providers {
				assert.Len(t, p.Dispatch, len(p.RawDispatch), name)
				assert.Len(t, p.Events, len(p.RawEvents), name)
				assert.Len(t, p.Quotes, len(p.RawQuotes), name)
				assert.Len(t, p.Services, len(p.RawServices), name)
			}
		})
	}
	assert.True(t, sawCoverage, "coverage/ is walked too")

	t.Run("LoadDir", func(t *testing.T) {
		all, err := scenario.LoadDir(dir)
		require.NoError(t, err)
		require.Len(t, all, len(files))
		for i := 1; i < len(all); i++ {
			assert.Less(t, all[i-1].File, all[i].File, "sorted by path")
		}
	})
}

// TestSharedScenarioDetails checks what a few shared scenarios read as.
func TestSharedScenarioDetails(t *testing.T) {
	dir := sharedScenarios(t)

	t.Run("p04", func(t *testing.T) {
		s, err := scenario.Load(filepath.Join(dir, "p04_new_vehicle_manufacturer.json"))
		require.NoError(t, err)
		assert.Equal(t, contract.KindNew, s.Report.Vehicle.Kind)
		require.NotNil(t, s.Ops)
		require.NotNil(t, s.Ops.Qualify)
		assert.Equal(t, 3*time.Minute, s.Ops.Qualify.After.Duration())
		assert.Equal(t, contract.OriginMechanical, s.Ops.Qualify.Origin)
		require.NotNil(t, s.Ops.Qualify.Drivable)
		assert.False(t, *s.Ops.Qualify.Drivable)
		p := s.Providers["byd-assistance"]
		require.NotNil(t, p)
		assert.Equal(t, []scenario.Answer{{Kind: scenario.AnswerAccept, ETA: 40 * time.Minute}}, p.Dispatch)
		assert.Equal(t, []scenario.Event{
			{Kind: contract.MilestoneOnSite, After: 40 * time.Minute},
			{Kind: contract.MilestoneTowed, After: 95 * time.Minute, Destination: "authorised_repairer"},
		}, p.Events)
		assert.Nil(t, s.Client)
		assert.Nil(t, s.Beneficiary)
	})

	t.Run("p06 quotes and the client's decision", func(t *testing.T) {
		s, err := scenario.Load(filepath.Join(dir, "p06_no_assistance_client_approves.json"))
		require.NoError(t, err)
		assert.Nil(t, s.Report.Vehicle.Assistance)
		assert.Equal(t, []contract.Option{{Option: "tow", PriceEUR: 180}, {Option: "on_site_repair", PriceEUR: 95}}, s.Providers["res-assistance"].Quotes)
		require.NotNil(t, s.Client)
		require.NotNil(t, s.Client.Decide)
		assert.Equal(t, 20*time.Minute, s.Client.Decide.After.Duration())
		assert.Equal(t, "tow", s.Client.Decide.Choose)
		assert.False(t, s.Client.Decide.Decline)
	})

	t.Run("p09 busy twice then accepts", func(t *testing.T) {
		s, err := scenario.Load(filepath.Join(dir, "p09_busy_then_accepts.json"))
		require.NoError(t, err)
		p := s.Providers["byd-assistance"]
		assert.Equal(t, scenario.AnswerBusy, p.AnswerFor(0).Kind)
		assert.Equal(t, scenario.DefaultRetryAfter, p.AnswerFor(0).RetryAfter)
		assert.Equal(t, scenario.AnswerBusy, p.AnswerFor(1).Kind)
		assert.Equal(t, scenario.AnswerAccept, p.AnswerFor(2).Kind)
		assert.Equal(t, scenario.AnswerAccept, p.AnswerFor(7).Kind, "the last answer repeats")
	})

	t.Run("c05 one service chosen", func(t *testing.T) {
		s, err := scenario.Load(filepath.Join(dir, "coverage", "c05_far_from_home_onward_travel.json"))
		require.NoError(t, err)
		require.NotNil(t, s.Beneficiary)
		assert.Equal(t, []contract.Service{contract.ServiceOnwardTravel}, s.Beneficiary.Choose)
		assert.Equal(t, []scenario.Event{
			{Kind: contract.MilestoneOnSite, After: 40 * time.Minute},
			{Kind: contract.MilestoneTowed, After: 90 * time.Minute, Destination: "authorised_repairer", RepairDays: 5},
		}, s.Providers["byd-assistance"].Events)
	})

	t.Run("c02 prior cases", func(t *testing.T) {
		s, err := scenario.Load(filepath.Join(dir, "coverage", "c02_hv_battery_third_time.json"))
		require.NoError(t, err)
		require.Len(t, s.Report.PriorCases, 2)
		assert.Equal(t, contract.NatureHVBatteryDischarged, s.Report.PriorCases[1].Nature)
	})
}

func TestBeneficiaryChooseList(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(sharedScenarios(t), "coverage", "c05_far_from_home_onward_travel.json"))
	require.NoError(t, err)
	doc := strings.Replace(string(data), `"choose": "onward_travel"`, `"choose": ["replacement_vehicle", "hotel"]`, 1)
	require.NotEqual(t, string(data), doc)
	s, err := scenario.Parse([]byte(doc))
	require.NoError(t, err)
	assert.Equal(t, []contract.Service{contract.ServiceReplacementVehicle, contract.ServiceHotel}, s.Beneficiary.Choose)
}

func TestAnswerForWithoutScript(t *testing.T) {
	var none *scenario.ProviderScript
	assert.Equal(t, scenario.AnswerUnreachable, none.AnswerFor(0).Kind, "a provider with no script cannot be reached")
	assert.Equal(t, scenario.AnswerUnreachable, (&scenario.ProviderScript{}).AnswerFor(3).Kind)
}

func TestParseOffset(t *testing.T) {
	good := []struct {
		in   string
		want time.Duration
	}{
		{"90s", 90 * time.Second},
		{"3m", 3 * time.Minute},
		{"2h", 2 * time.Hour},
		{"5d", 5 * 24 * time.Hour},
		{"1d2h", 26 * time.Hour},
		{"1h30m", 90 * time.Minute},
		{"2d30m", 48*time.Hour + 30*time.Minute},
		{"10d", 240 * time.Hour},
		{"0s", 0},
		{"0d", 0},
	}
	for _, tc := range good {
		t.Run(tc.in, func(t *testing.T) {
			got, err := scenario.ParseOffset(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	bad := []string{"", "soon", "3", "3 m", "-3m", "d", "5dd", "1.5d", "+5d", "2h5d", "1d-2h", "5days", "m3", "1w"}
	for _, in := range bad {
		t.Run("bad "+in, func(t *testing.T) {
			_, err := scenario.ParseOffset(in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "bad offset")
			assert.Contains(t, err.Error(), `"`+in+`"`, "the error quotes the offset")
		})
	}
	t.Run("bad -1d", func(t *testing.T) {
		got, err := scenario.ParseOffset("-1d")
		if err == nil {
			t.Fatalf("ParseOffset(\"-1d\") returns %v and no error; a negative offset is refused for hours/minutes (\"-3m\") but not for days", got)
		}
		assert.Contains(t, err.Error(), "bad offset")
	})
}

func TestParseAnswer(t *testing.T) {
	good := []struct {
		in   string
		want scenario.Answer
	}{
		{"accept eta=40m", scenario.Answer{Kind: scenario.AnswerAccept, ETA: 40 * time.Minute}},
		{"accept eta=1h30m", scenario.Answer{Kind: scenario.AnswerAccept, ETA: 90 * time.Minute}},
		{"  accept   eta=35m ", scenario.Answer{Kind: scenario.AnswerAccept, ETA: 35 * time.Minute}},
		{"busy", scenario.Answer{Kind: scenario.AnswerBusy, RetryAfter: time.Minute}},
		{"busy retry=2m", scenario.Answer{Kind: scenario.AnswerBusy, RetryAfter: 2 * time.Minute}},
		{"busy retry=90s", scenario.Answer{Kind: scenario.AnswerBusy, RetryAfter: 90 * time.Second}},
		{"unreachable", scenario.Answer{Kind: scenario.AnswerUnreachable}},
		{"reject reason=no_truck", scenario.Answer{Kind: scenario.AnswerReject, Reason: "no_truck"}},
		{"accept eta=40m after=3m", scenario.Answer{Kind: scenario.AnswerAccept, ETA: 40 * time.Minute, After: 3 * time.Minute}},
		{"reject reason=no_truck after=2m", scenario.Answer{Kind: scenario.AnswerReject, Reason: "no_truck", After: 2 * time.Minute}},
		{"silent", scenario.Answer{Kind: scenario.AnswerSilent}},
	}
	for _, tc := range good {
		t.Run(tc.in, func(t *testing.T) {
			got, err := scenario.ParseAnswer(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	bad := []struct {
		in, msg string
	}{
		{"", "empty answer"},
		{"   ", "empty answer"},
		{"maybe", "unknown answer"},
		{"Accept eta=40m", "unknown answer"},
		{"accept", "accept needs eta="},
		{"accept 40m", "expected key=value"},
		{"accept eta=", "expected key=value"},
		{"accept eta=soon", "bad offset"},
		{"accept eta=-5m", "bad offset"},
		{"accept eta=40m driver=bob", "unknown option driver for accept"},
		{"busy retry=later", "bad offset"},
		{"busy [retry=2m]", "unknown option [retry for busy"},
		{"busy eta=5m", "unknown option eta for busy"},
		{"unreachable now", "expected key=value"},
		{"unreachable retry=5m", "unknown option retry for unreachable"},
		{"reject", "reject needs reason="},
		{"reject because", "expected key=value"},
		{"reject reason=", "expected key=value"},
		{"accept eta=40m after=0s", "after must be a positive duration"},
		{"accept eta=40m after=later", "after must be a positive duration"},
		{"busy after=3m", "unknown option after for busy"},
		{"unreachable after=3m", "unknown option after for unreachable"},
		{"silent after=3m", "unknown option after for silent"},
		{"silent now", "expected key=value"},
	}
	for _, tc := range bad {
		t.Run("bad "+tc.in, func(t *testing.T) {
			_, err := scenario.ParseAnswer(tc.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestParseEvent(t *testing.T) {
	good := []struct {
		in   string
		want scenario.Event
	}{
		{"en_route +5m", scenario.Event{Kind: contract.MilestoneEnRoute, After: 5 * time.Minute}},
		{"on_site +40m", scenario.Event{Kind: contract.MilestoneOnSite, After: 40 * time.Minute}},
		{"repaired +70m", scenario.Event{Kind: contract.MilestoneRepaired, After: 70 * time.Minute}},
		{"towed +90m to=authorised_repairer", scenario.Event{Kind: contract.MilestoneTowed, After: 90 * time.Minute, Destination: "authorised_repairer"}},
		{"towed +90m to=charging_point repair=5d", scenario.Event{Kind: contract.MilestoneTowed, After: 90 * time.Minute, Destination: "charging_point", RepairDays: 5}},
		{"towed +2h repair=10d to=lessor_site", scenario.Event{Kind: contract.MilestoneTowed, After: 2 * time.Hour, Destination: "lessor_site", RepairDays: 10}},
		{"goa +45m", scenario.Event{Kind: contract.MilestoneGoneOnArrival, After: 45 * time.Minute}},
		{"unsuccessful +60m", scenario.Event{Kind: contract.MilestoneUnsuccessful, After: time.Hour}},
		{"on_site +0s", scenario.Event{Kind: contract.MilestoneOnSite}},
		{"eta +50m eta=20m", scenario.Event{Kind: contract.MilestoneETA, After: 50 * time.Minute, ETA: 20 * time.Minute}},
		{"fixed_by_phone +8m", scenario.Event{Kind: contract.MilestoneFixedByPhone, After: 8 * time.Minute}},
		{"towed +100m to=lessor_site seats=0", scenario.Event{Kind: contract.MilestoneTowed, After: 100 * time.Minute, Destination: "lessor_site", Seats: new(int)}},
	}
	for _, tc := range good {
		t.Run(tc.in, func(t *testing.T) {
			got, err := scenario.ParseEvent(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	bad := []struct {
		in, msg string
	}{
		{"", "expected KIND +OFFSET"},
		{"on_site", "expected KIND +OFFSET"},
		{"on_site 40m", "expected KIND +OFFSET"},
		{"+40m on_site", "expected KIND +OFFSET"},
		{"arrived +40m", "unknown event \"arrived\""},
		{"on_site +soon", "bad offset"},
		{"on_site +-5m", "bad offset"},
		{"towed +90m", "towed needs to=DESTINATION"},
		{"towed +90m repair=5d", "towed needs to=DESTINATION"},
		{"towed +90m to=", "expected key=value"},
		{"towed +90m to=garage repair=36h", "repair must be a number of days"},
		{"towed +90m to=garage repair=5", "repair must be a number of days"},
		{"towed +90m to=garage by=truck", "unknown option by for towed"},
		{"on_site +40m to=garage", "unknown option to for on_site"},
		{"repaired +70m repair=1d", "unknown option repair for repaired"},
		{"eta +50m", "eta needs eta=DURATION"},
		{"eta +50m eta=0s", "eta must be a positive duration"},
		{"on_site +40m eta=20m", "unknown option eta for on_site"},
		{"offer_accepted +3m", "unknown event \"offer_accepted\""},
		{"towed +90m to=garage seats=-1", "seats must be a whole number"},
		{"towed +90m to=garage seats=two", "seats must be a whole number"},
		{"repaired +70m seats=0", "unknown option seats for repaired"},
	}
	for _, tc := range bad {
		t.Run("bad "+tc.in, func(t *testing.T) {
			_, err := scenario.ParseEvent(tc.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	t.Run("bad towed +90m to=garage repair=-1d", func(t *testing.T) {
		e, err := scenario.ParseEvent("towed +90m to=garage repair=-1d")
		if err == nil {
			t.Fatalf("a negative repair estimate is accepted (RepairDays=%d), through ParseOffset(\"-1d\")", e.RepairDays)
		}
		assert.Contains(t, err.Error(), "repair must be a number of days")
	})
	t.Run("bad on_site +-1d", func(t *testing.T) {
		e, err := scenario.ParseEvent("on_site +-1d")
		if err == nil {
			t.Fatalf("an event before the acceptance is accepted (After=%v), through ParseOffset(\"-1d\")", e.After)
		}
	})
}

func TestParseQuote(t *testing.T) {
	good := []struct {
		in   string
		want contract.Option
	}{
		{"tow 180", contract.Option{Option: "tow", PriceEUR: 180}},
		{"on_site_repair 95", contract.Option{Option: "on_site_repair", PriceEUR: 95}},
		{"tow 179.90", contract.Option{Option: "tow", PriceEUR: 179.90}},
		{" tow   0 ", contract.Option{Option: "tow", PriceEUR: 0}},
	}
	for _, tc := range good {
		t.Run(tc.in, func(t *testing.T) {
			got, err := scenario.ParseQuote(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Empty(t, got.Provider, "the provider is the script's, filled by the saga")
		})
	}
	bad := []struct {
		in, msg string
	}{
		{"", "expected OPTION PRICE_EUR"},
		{"tow", "expected OPTION PRICE_EUR"},
		{"tow 180 EUR", "expected OPTION PRICE_EUR"},
		{"180 tow", "the price must be a number of euros"},
		{"tow cheap", "the price must be a number of euros"},
		{"tow -5", "the price must be a number of euros"},
		{"tow 180€", "the price must be a number of euros"},
	}
	for _, tc := range bad {
		t.Run("bad "+tc.in, func(t *testing.T) {
			_, err := scenario.ParseQuote(tc.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	for _, in := range []string{"tow NaN", "tow Inf", "tow +Inf"} {
		t.Run("bad "+in, func(t *testing.T) {
			q, err := scenario.ParseQuote(in)
			if err == nil {
				require.True(t, math.IsNaN(q.PriceEUR) || math.IsInf(q.PriceEUR, 0))
				t.Fatalf("ParseQuote(%q) accepts price %v (strconv.ParseFloat reads NaN/Inf; only < 0 is refused); such an option cannot even be marshalled to JSON", in, q.PriceEUR)
			}
			assert.Contains(t, err.Error(), "the price must be a number of euros")
		})
	}
}

// TestLoadMalformed: each file under testdata/malformed is a valid scenario with
// one defect; Load refuses it with an error naming the file and the field.
func TestLoadMalformed(t *testing.T) {
	tests := []struct {
		file   string
		field  string // the dotted path the error names ("" : the document itself)
		reason string // a fragment of the reason
		bug    string // set when the defect is not refused today
	}{
		{"dispatch_unknown_answer.json", "providers.byd-assistance.dispatch[0]", "unknown answer", ""},
		{"dispatch_accept_without_eta.json", "providers.byd-assistance.dispatch[1]", "accept needs eta=", ""},
		{"events_tow_without_destination.json", "providers.byd-assistance.events[1]", "towed needs to=DESTINATION", ""},
		{"quotes_price_not_a_number.json", "providers.res-assistance.quotes[1]", "the price must be a number of euros", ""},
		{"provider_unknown_field.json", "providers.byd-assistance.dispatches", "unknown field", ""},
		{"provider_not_an_object.json", "providers.byd-assistance", "must be an object", ""},
		{"qualify_after_not_an_offset.json", "ops.qualify.after", "bad offset \"soon\"", ""},
		{"qualify_after_missing.json", "ops.qualify.after", "is required", ""},
		{"qualify_after_negative_days.json", "ops.qualify.after", "bad offset", "ops.qualify.after \"-1d\" is accepted (ParseOffset accepts negative days)"},
		{"qualify_unknown_origin.json", "ops.qualify.origin", "unknown origin \"weather\"", ""},
		{"qualify_unknown_nature.json", "ops.qualify.nature", "unknown nature \"gremlins\"", ""},
		{"expect_unknown_key.json", "expect.colour", "unknown key", ""},
		{"expect_bool_as_string.json", "expect.fallback", "must be a JSON boolean", ""},
		{"expect_services_not_a_list.json", "expect.services", "must be a JSON list of strings", ""},
		{"expect_missing.json", "expect", "is required", ""},
		{"report_unknown_vehicle_kind.json", "report.vehicle.kind", "unknown vehicle kind \"vintage\"", ""},
		{"report_unknown_field.json", "report.vehicle.colour", "unknown field", ""},
		{"report_weight_as_string.json", "report.vehicle.weight_kg", "must be a JSON number", ""},
		{"report_missing_drivable.json", "report.drivable", "is required", ""},
		{"report_prior_case_unknown_nature.json", "report.prior_cases[0].nature", "unknown nature \"gremlins\"", ""},
		{"client_decide_neither.json", "client.decide", "give either choose: OPTION or decline: true", ""},
		{"client_decide_both.json", "client.decide", "give either choose: OPTION or decline: true", ""},
		{"client_decide_after_not_an_offset.json", "client.decide.after", "bad offset", ""},
		{"beneficiary_choose_number.json", "beneficiary.choose", "must be a service or a list of services", ""},
		{"beneficiary_choose_list_of_numbers.json", "beneficiary.choose", "must be a service or a list of services", ""},
		{"beneficiary_choose_unknown_service.json", "beneficiary.choose", "", "beneficiary.choose \"teleport\" is accepted: the service is not checked against the known services"},
		{"unknown_top_level_field.json", "notes", "unknown field", ""},
		{"name_missing.json", "name", "is required", ""},
		{"two_documents.json", "", "not valid JSON", ""},
	}
	dir := filepath.Join("testdata", "malformed")
	listed := map[string]bool{}
	for _, tc := range tests {
		listed[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			s, err := scenario.Load(path)
			if err == nil && tc.bug != "" {
				t.Fatal(tc.bug)
			}
			require.Error(t, err, "%s must be refused", tc.file)
			assert.Nil(t, s)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, path+": "), "the error starts with the file: %s", msg)
			assert.Equal(t, tc.field, strictjson.FirstField(err), "error: %s", msg)
			if tc.field != "" {
				assert.Contains(t, msg, tc.field+": ", "the error names the field")
			}
			assert.Contains(t, msg, tc.reason)
			var fe *strictjson.FieldError
			assert.True(t, errors.As(err, &fe), "the FieldError can be had from Load's error")
		})
	}
	t.Run("every malformed file is in the table", func(t *testing.T) {
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			assert.True(t, listed[e.Name()], "%s has no row", e.Name())
		}
	})
	t.Run("LoadDir names the first bad file", func(t *testing.T) {
		_, err := scenario.LoadDir(dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), filepath.Join(dir, "beneficiary_choose_list_of_numbers.json")+": beneficiary.choose")
	})
	t.Run("a missing file", func(t *testing.T) {
		_, err := scenario.Load(filepath.Join(dir, "no_such_file.json"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no_such_file.json")
	})
}
