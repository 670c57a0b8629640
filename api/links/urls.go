package links

import (
	"errors"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"
)

// The paths of the pages on our API; the token follows.
const (
	PathTrack    = "/track/"
	PathApprove  = "/approve/"
	PathPosition = "/position/"
	PathReport   = "/report/"
	// PathExport is a client's CSV export of its cases (audience Export).
	PathExport = "/export/"
)

// How long each audience's links work, unless Pages says otherwise.
const (
	DefaultClientTTL = 30 * 24 * time.Hour
	DefaultValetTTL  = 24 * time.Hour
	DefaultOwnerTTL  = 365 * 24 * time.Hour
	// DefaultExportTTL is short: an export holds many vehicles' VINs and plates.
	DefaultExportTTL = 7 * 24 * time.Hour
)

// Pages builds the signed URLs of a case's pages.
type Pages struct {
	// BaseURL is where our API is reached from outside, e.g. "https://assist.example.com".
	BaseURL string
	Keys    *Keyring
	// ClientTTL (the client's and the approver's links), ValetTTL, OwnerTTL
	// and ExportTTL are how long links work; zero: the defaults.
	ClientTTL, ValetTTL, OwnerTTL, ExportTTL time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// CaseLinks signs the client's tracking link, the approver's approval link
// (two tokens: the tracking link cannot approve) and the owner's report link
// of a case.
func (p *Pages) CaseLinks(caseID string) (contract.CaseLinks, error) {
	client, err := p.token(caseID, Client, p.ClientTTL, DefaultClientTTL)
	if err != nil {
		return contract.CaseLinks{}, err
	}
	approver, err := p.token(caseID, Approver, p.ClientTTL, DefaultClientTTL)
	if err != nil {
		return contract.CaseLinks{}, err
	}
	owner, err := p.token(caseID, Owner, p.OwnerTTL, DefaultOwnerTTL)
	if err != nil {
		return contract.CaseLinks{}, err
	}
	return contract.CaseLinks{
		Tracking: p.url(PathTrack, client),
		Approval: p.url(PathApprove, approver),
		Report:   p.url(PathReport, owner),
	}, nil
}

// PositionURL signs the valet's position link of a case.
func (p *Pages) PositionURL(caseID string) (string, error) {
	valet, err := p.token(caseID, Valet, p.ValetTTL, DefaultValetTTL)
	if err != nil {
		return "", err
	}
	return p.url(PathPosition, valet), nil
}

// ExportURL signs the link to a client's CSV export of the cases that broke
// down from from (included) to to (excluded).
func (p *Pages) ExportURL(clientID string, from, to time.Time) (string, error) {
	if p == nil || p.Keys == nil {
		return "", errors.New("no link keys configured")
	}
	ttl := p.ExportTTL
	if ttl <= 0 {
		ttl = DefaultExportTTL
	}
	tok, err := p.Keys.Sign(Claims{Audience: Export, ClientID: clientID, From: from.UTC().Format(time.RFC3339),
		To: to.UTC().Format(time.RFC3339), Expires: p.now().Add(ttl).Unix()})
	if err != nil {
		return "", err
	}
	return p.url(PathExport, tok), nil
}

func (p *Pages) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Pages) token(caseID string, a Audience, ttl, def time.Duration) (string, error) {
	if p == nil || p.Keys == nil {
		return "", errors.New("no link keys configured")
	}
	if ttl <= 0 {
		ttl = def
	}
	return p.Keys.Sign(Claims{CaseID: caseID, Audience: a, Expires: p.now().Add(ttl).Unix()})
}

func (p *Pages) url(path, token string) string {
	return strings.TrimRight(p.BaseURL, "/") + path + token
}
