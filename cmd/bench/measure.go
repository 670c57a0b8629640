package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/histories"
)

// caseStats is what one case's history says.
type caseStats struct {
	events          int
	activities      int
	localActivities int
	// toDispatch is from the report to the first dispatch request.
	toDispatch time.Duration
	dispatched bool
	// toLastDispatch is from the report to the last dispatch request (the one
	// that was answered, when the first provider stayed silent).
	toLastDispatch time.Duration
}

// statsOf reads a case's history: its size, its activities, and when the first
// dispatch left (the worker started the Dispatch activity).
func statsOf(h *historypb.History, reported time.Time) caseStats {
	s := caseStats{events: len(h.Events)}
	dispatchIDs := map[int64]bool{}
	for _, e := range h.Events {
		switch e.GetEventType() {
		case enums.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			s.activities++
			if e.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName() == "Dispatch" {
				dispatchIDs[e.GetEventId()] = true
			}
		case enums.EVENT_TYPE_MARKER_RECORDED:
			if e.GetMarkerRecordedEventAttributes().GetMarkerName() == "LocalActivity" {
				s.localActivities++
			}
		case enums.EVENT_TYPE_ACTIVITY_TASK_STARTED:
			if dispatchIDs[e.GetActivityTaskStartedEventAttributes().GetScheduledEventId()] {
				s.toLastDispatch = e.GetEventTime().AsTime().Sub(reported)
				if !s.dispatched {
					s.dispatched, s.toDispatch = true, s.toLastDispatch
				}
			}
		}
	}
	return s
}

// collect fetches the histories of the cases and reads them.
func collect(ctx context.Context, st *stack.Stack, runs []run) ([]caseStats, error) {
	out := make([]caseStats, 0, len(runs))
	for _, r := range runs {
		h, err := histories.Fetch(ctx, st.Client, r.workflowID, r.runID)
		if err != nil {
			return nil, err
		}
		out = append(out, statsOf(h, r.reported))
	}
	return out, nil
}

// percentile of sorted durations, p in [0, 100].
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

func dispatchLatencies(stats []caseStats) []time.Duration {
	var out []time.Duration
	for _, s := range stats {
		if s.dispatched {
			out = append(out, s.toDispatch)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// lastDispatchLatencies are the report→last-dispatch times, sorted.
func lastDispatchLatencies(stats []caseStats) []time.Duration {
	var out []time.Duration
	for _, s := range stats {
		if s.dispatched {
			out = append(out, s.toLastDispatch)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func eventCounts(stats []caseStats) (mean float64, max int) {
	for _, s := range stats {
		mean += float64(s.events)
		if s.events > max {
			max = s.events
		}
	}
	if len(stats) > 0 {
		mean /= float64(len(stats))
	}
	return mean, max
}

// memoryOf reads a process's resident memory now and at its peak, in MiB.
func memoryOf(pid int) (rss, peak float64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[1], 64)
		switch fields[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return rss, peak, nil
}

// dump prints a case's history, each event with its time since the report.
func dump(ctx context.Context, st *stack.Stack, r run) error {
	h, err := histories.Fetch(ctx, st.Client, r.workflowID, r.runID)
	if err != nil {
		return err
	}
	fmt.Printf("history of %s:\n", r.workflowID)
	for _, e := range h.Events {
		fmt.Printf("  %8s  %3d %s%s\n", e.GetEventTime().AsTime().Sub(r.reported).Round(time.Millisecond), e.GetEventId(), e.GetEventType(), detail(e))
	}
	return nil
}

// detail says what an event is about, where that is not in a payload (payloads
// are encrypted): the marker's kind, the search attributes written, the
// activity, Update or Signal name.
func detail(e *historypb.HistoryEvent) string {
	switch {
	case e.GetMarkerRecordedEventAttributes() != nil:
		return " " + e.GetMarkerRecordedEventAttributes().GetMarkerName()
	case e.GetUpsertWorkflowSearchAttributesEventAttributes() != nil:
		names := slices.Sorted(maps.Keys(e.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()))
		return " " + strings.Join(names, ",")
	case e.GetActivityTaskScheduledEventAttributes() != nil:
		return " " + e.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName()
	case e.GetWorkflowExecutionUpdateAcceptedEventAttributes() != nil:
		return " " + e.GetWorkflowExecutionUpdateAcceptedEventAttributes().GetAcceptedRequest().GetInput().GetName()
	case e.GetWorkflowExecutionSignaledEventAttributes() != nil:
		return " " + e.GetWorkflowExecutionSignaledEventAttributes().GetSignalName()
	}
	return ""
}

// sample keeps at most n runs, evenly spread.
func sample(runs []run, n int) []run {
	if n <= 0 || len(runs) <= n {
		return runs
	}
	out := make([]run, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, runs[i*len(runs)/n])
	}
	return out
}
