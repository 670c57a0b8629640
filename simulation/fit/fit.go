package fit

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/providers/scorecard"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/simulation/network"
)

// Options tune a fit.
type Options struct {
	// MinSamples is how many observations a parameter is fitted from at
	// least; with fewer, the base's value stays (zero: DefaultMinSamples).
	MinSamples int
}

// DefaultMinSamples is the observations a parameter needs: 20 give a share
// within about ±0.1 and a span's ends within a few percent of its width.
const DefaultMinSamples = 20

// atOnceBelow is the median answering time under which a provider answers in
// the response (at_once): the time of one call, not of a person deciding.
const atOnceBelow = 10 * time.Second

// reachReasons are the refusals the model makes from its geography (reach,
// weight), not from its acceptance share.
var reachReasons = map[string]bool{"out_of_area": true, "vehicle_too_heavy": true}

// Change is one fitted parameter: its value in the base file and fitted, and
// how many observations it was fitted from.
type Change struct {
	Provider, Parameter string
	Base, Fitted        string
	N                   int
}

// Fit returns base with the parameters of each provider it lists fitted from
// the entries (the record's requests to providers), and what changed. A
// parameter with fewer than MinSamples observations keeps the base's value.
// The fitted model is valid (network.Parse accepts it).
func Fit(entries []record.ScorecardEntry, base *network.Model, o Options) (*network.Model, []Change, error) {
	if o.MinSamples <= 0 {
		o.MinSamples = DefaultMinSamples
	}
	data, err := json.Marshal(base)
	if err != nil {
		return nil, nil, err
	}
	m, err := network.Parse(data) // a copy
	if err != nil {
		return nil, nil, fmt.Errorf("the base network: %w", err)
	}
	byProvider := map[string][]record.ScorecardEntry{}
	for _, e := range entries {
		byProvider[e.Provider] = append(byProvider[e.Provider], e)
	}
	var changes []Change
	for i := range m.Providers {
		p := &m.Providers[i]
		f := fitter{provider: p.ID, p: &p.Profile, min: o.MinSamples}
		f.fit(byProvider[p.ID])
		changes = append(changes, f.changes...)
	}
	if err := m.Validate(); err != nil {
		return nil, nil, fmt.Errorf("the fitted network: %w", err)
	}
	return m, changes, nil
}

// fitter fits one provider's profile in place and notes what it changed.
type fitter struct {
	provider string
	p        *network.Profile
	min      int
	changes  []Change
}

func (f *fitter) note(parameter string, base, fitted any, n int) {
	f.changes = append(f.changes, Change{Provider: f.provider, Parameter: parameter, Base: show(base), Fitted: show(fitted), N: n})
}

func show(v any) string {
	switch v := v.(type) {
	case float64:
		return fmt.Sprintf("%.3g", v)
	case network.Span:
		return fmt.Sprintf("%s–%s", time.Duration(v.Min), time.Duration(v.Max))
	}
	return fmt.Sprint(v)
}

func (f *fitter) fit(entries []record.ScorecardEntry) {
	f.answers(entries)
	f.acceptance(entries)
	f.lateness(entries)
	f.towOrRepair(entries)
	f.durations(entries)
}

// answers fits how the provider answers: at once, or acknowledged then
// answered after a delay (the times from the request to the acceptance or the
// refusal), and the share of offers never answered in time (expired).
func (f *fitter) answers(entries []record.ScorecardEntry) {
	var delays []time.Duration
	expired := 0
	for _, e := range entries {
		switch {
		case e.Answer == contract.AnswerAccepted && !e.AcceptedAt.IsZero():
			delays = append(delays, e.AcceptedAt.Sub(e.RequestedAt))
		case e.Answer == contract.AnswerRefused && !e.AnsweredAt.IsZero():
			delays = append(delays, e.AnsweredAt.Sub(e.RequestedAt))
		case e.Answer == contract.AnswerExpired:
			expired++
		}
	}
	if len(delays)+expired < f.min {
		return
	}
	a := &f.p.Answer
	if expired == 0 && median(delays) < atOnceBelow {
		if a.Mode != network.AnswerAtOnce {
			f.note("answer.mode", a.Mode, network.AnswerAtOnce, len(delays))
		}
		*a = network.Answer{Mode: network.AnswerAtOnce}
		return
	}
	before := *a
	a.Mode = network.AnswerAcknowledge
	if len(delays) >= f.min {
		a.Delay = uniform(delays)
	}
	// Offers answered after the window expire as the silent ones do: the
	// share lumps both (the model then never answers them).
	a.SilentShare = round3(float64(expired) / float64(len(delays)+expired))
	f.note("answer.mode", before.Mode, a.Mode, len(delays)+expired)
	f.note("answer.delay", before.Delay, a.Delay, len(delays))
	f.note("answer.silent_share", before.SilentShare, a.SilentShare, len(delays)+expired)
}

// acceptance fits the share of the orders it could serve that it accepts
// (refusals for reach or weight are the geography's), and its reasons, the
// most frequent first.
func (f *fitter) acceptance(entries []record.ScorecardEntry) {
	accepted, refused := 0, map[string]int{}
	n := 0
	for _, e := range entries {
		switch {
		case e.Answer == contract.AnswerAccepted:
			accepted++
		case e.Answer == contract.AnswerRefused && !reachReasons[e.Reason] && e.Reason != "":
			refused[e.Reason]++
		default:
			continue
		}
		n++
	}
	if n < f.min {
		return
	}
	before := f.p.AcceptShare
	f.p.AcceptShare = round3(float64(accepted) / float64(n))
	f.note("accept_share", before, f.p.AcceptShare, n)
	if len(refused) > 0 {
		reasons := make([]string, 0, len(refused))
		for r := range refused {
			reasons = append(reasons, r)
		}
		sort.Slice(reasons, func(i, j int) bool {
			if refused[reasons[i]] != refused[reasons[j]] {
				return refused[reasons[i]] > refused[reasons[j]]
			}
			return reasons[i] < reasons[j]
		})
		f.note("reject_reasons", f.p.RejectReasons, reasons, n-accepted)
		f.p.RejectReasons = reasons
	}
}

// lateness fits the share of accepted jobs on site after the promise given
// with the acceptance, to the minute (scorecard.PromiseTolerance), or
// replaced for it before arriving; by how much; and
// the share of late ones that announced a new ETA.
func (f *fitter) lateness(entries []record.ScorecardEntry) {
	known, late, announced := 0, 0, 0
	var extra []time.Duration
	for _, e := range entries {
		first := e.FirstPromise()
		if e.Answer != contract.AnswerAccepted || first.IsZero() {
			continue
		}
		switch {
		case !e.OnSiteAt.IsZero():
			known++
			if e.OnSiteAt.After(first.Add(scorecard.PromiseTolerance)) {
				late++
				extra = append(extra, e.OnSiteAt.Sub(first))
				if !e.PromisedAt.Equal(first) {
					announced++
				}
			}
		case e.Replaced == "eta_breached":
			known++
			late++
		}
	}
	if known < f.min {
		return
	}
	l := &f.p.Late
	before := *l
	l.Share = round3(float64(late) / float64(known))
	f.note("late.share", before.Share, l.Share, known)
	if len(extra) >= f.min/2 && len(extra) >= 2 {
		l.Extra = uniform(extra)
		l.AnnounceShare = round3(float64(announced) / float64(len(extra)))
		f.note("late.extra", before.Extra, l.Extra, len(extra))
		f.note("late.announce_share", before.AnnounceShare, l.AnnounceShare, len(extra))
	}
	if l.Share > 0 && l.Extra.Max <= 0 {
		l.Extra = network.Span{Min: network.Duration(10 * time.Minute), Max: network.Duration(30 * time.Minute)}
	}
}

// towOrRepair fits the share of tows when the order left the provider the
// choice (service assistance; a failed repair was a repair drawn): per nature
// of breakdown where the record holds enough of it, and overall from the
// natures left without a share of their own (the model's tow_share applies
// to those only); and the share of repairs that failed.
func (f *fitter) towOrRepair(entries []record.ScorecardEntry) {
	type count struct{ tows, all int }
	byNature := map[string]count{}
	attempts, failed := 0, 0
	for _, e := range entries {
		towed, repaired, unsuccessful := e.Ended == contract.MilestoneTowed, e.Ended == contract.MilestoneRepaired, !e.UnsuccessfulAt.IsZero()
		if e.Answer != contract.AnswerAccepted || e.Service != "assistance" || !(towed || repaired || unsuccessful) {
			continue
		}
		tow := towed && !unsuccessful
		c := byNature[string(e.Nature)]
		c.all++
		if tow {
			c.tows++
		} else {
			attempts++
			if unsuccessful {
				failed++
			}
		}
		byNature[string(e.Nature)] = c
	}
	natures := make([]string, 0, len(byNature))
	for nature := range byNature {
		natures = append(natures, nature)
	}
	sort.Strings(natures)
	var rest count
	for _, nature := range natures {
		c := byNature[nature]
		if c.all < f.min || !contract.Nature(nature).Valid() {
			if _, own := f.p.TowShareByNature[nature]; !own {
				rest.tows, rest.all = rest.tows+c.tows, rest.all+c.all
			}
			continue
		}
		if f.p.TowShareByNature == nil {
			f.p.TowShareByNature = map[string]float64{}
		}
		before, had := f.p.TowShareByNature[nature]
		f.p.TowShareByNature[nature] = round3(float64(c.tows) / float64(c.all))
		if !had {
			before = math.NaN()
		}
		f.note("tow_share_by_nature."+nature, before, f.p.TowShareByNature[nature], c.all)
	}
	if rest.all >= f.min {
		before := f.p.TowShare
		f.p.TowShare = round3(float64(rest.tows) / float64(rest.all))
		f.note("tow_share", before, f.p.TowShare, rest.all)
	}
	if attempts >= f.min {
		before := f.p.Repair.FailShare
		f.p.Repair.FailShare = round3(float64(failed) / float64(attempts))
		f.note("repair.fail_share", before, f.p.Repair.FailShare, attempts)
	}
}

// durations fits how long an on-site repair takes (on site → repaired, or
// → unsuccessful), and a tow's hookup: on site (or the failed repair) →
// towed is the hookup plus the drive over the base's tow distance at the
// base's speed.
func (f *fitter) durations(entries []record.ScorecardEntry) {
	var repairs, tows []time.Duration
	for _, e := range entries {
		if e.Answer != contract.AnswerAccepted || e.OnSiteAt.IsZero() {
			continue
		}
		if !e.UnsuccessfulAt.IsZero() {
			repairs = append(repairs, e.UnsuccessfulAt.Sub(e.OnSiteAt))
		}
		switch {
		case e.Ended == contract.MilestoneRepaired && e.UnsuccessfulAt.IsZero():
			repairs = append(repairs, e.EndedAt.Sub(e.OnSiteAt))
		case e.Ended == contract.MilestoneTowed && !e.UnsuccessfulAt.IsZero():
			tows = append(tows, e.EndedAt.Sub(e.UnsuccessfulAt))
		case e.Ended == contract.MilestoneTowed:
			tows = append(tows, e.EndedAt.Sub(e.OnSiteAt))
		}
	}
	if len(repairs) >= f.min {
		before := f.p.Repair.Duration
		f.p.Repair.Duration = uniform(repairs)
		f.note("repair.duration", before, f.p.Repair.Duration, len(repairs))
	}
	if len(tows) >= f.min {
		before := f.p.Tow.Hookup
		f.p.Tow.Hookup = hookup(tows, f.p.Tow.DistanceKm, f.p.SpeedKmh)
		f.note("tow.hookup", before, f.p.Tow.Hookup, len(tows))
	}
}

// hookup is the span of a tow's hookup, drawn evenly, that the times from on
// site to towed most likely came from, each the hookup plus a drive over a
// distance drawn evenly in km at kmh: by the moments, the hookup's mean being
// the mean time less the drive's mean, its variance the time's variance less
// the drive's (the span of an even draw is √12 standard deviations wide).
func hookup(ds []time.Duration, km network.KmSpan, kmh float64) network.Span {
	var mean, sq float64
	for _, d := range ds {
		mean += d.Minutes()
	}
	mean /= float64(len(ds))
	for _, d := range ds {
		sq += (d.Minutes() - mean) * (d.Minutes() - mean)
	}
	variance := sq / float64(len(ds)-1)
	lo, hi := km.Min/kmh*60, km.Max/kmh*60 // the drive, minutes
	driveMean, driveVar := (lo+hi)/2, (hi-lo)*(hi-lo)/12
	m := math.Max(mean-driveMean, 0)
	half := math.Sqrt(12*math.Max(variance-driveVar, 0)) / 2
	from := math.Max(m-half, 0)
	minutes := func(x float64) network.Duration {
		return network.Duration(time.Duration(x * float64(time.Minute)).Round(time.Second))
	}
	return network.Span{Min: minutes(from), Max: minutes(math.Max(m+half, from))}
}

// uniform is the span [a, b] a sample drawn evenly in it most likely came
// from: from its 5th and 95th percentiles, widened by the 10 % of the span
// they leave out (from its ends when small), to the second.
func uniform(ds []time.Duration) network.Span {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	lo, hi := s[0], s[len(s)-1]
	if len(s) >= 20 {
		q05, q95 := quantile(s, 0.05), quantile(s, 0.95)
		pad := time.Duration(float64(q95-q05) * 0.05 / 0.9)
		lo, hi = q05-pad, q95+pad
	} else if len(s) > 1 {
		pad := (hi - lo) / time.Duration(len(s)-1)
		lo, hi = lo-pad, hi+pad
	}
	lo = max(lo, 0)
	return network.Span{Min: network.Duration(lo.Round(time.Second)), Max: network.Duration(max(hi, lo).Round(time.Second))}
}

// quantile of sorted s, interpolated.
func quantile(s []time.Duration, q float64) time.Duration {
	x := q * float64(len(s)-1)
	i := int(x)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + time.Duration((x-float64(i))*float64(s[i+1]-s[i]))
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return quantile(s, 0.5)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
