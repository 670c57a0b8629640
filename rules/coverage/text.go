package coverage

import (
	"fmt"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"
)

// cite names the program and the clause, in parentheses.
func (p *Program) cite(clause string) string {
	if clause == "" {
		return " (" + p.Name + ")"
	}
	return " (" + p.Name + ", " + clause + ")"
}

// withTow lists services, the tow with its destination.
func withTow(ss []contract.Service, tow string) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = words(string(s))
		if s == contract.ServiceTow {
			parts[i] = tow
		}
	}
	return andList(parts)
}

func serviceList(ss []contract.Service) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = words(string(s))
	}
	return andList(parts)
}

func andList(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func prefixed(sep string, notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	return sep + strings.Join(notes, "; ")
}

// words turns an identifier into words: hv_battery_discharged → "hv battery
// discharged", on_site_repair → "on-site repair".
func words(id string) string {
	return strings.ReplaceAll(strings.ReplaceAll(id, "on_site", "on-site"), "_", " ")
}

// ordinal writes "the 3rd hv battery discharged".
func ordinal(n int, what string) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("the %d%s %s", n, suffix, what)
}

// minutes writes a duration as "90 min" or "2 h 30 min".
func minutes(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	if m%60 == 0 {
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}
