package contract

import (
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"github.com/valetops/assistance/contract/strictjson"
)

// Role is what an authenticated caller of the Temporal frontend may do, in
// the cluster shape (docs/security.md): the frontend authorizes each request
// by the role of the caller's certificate.
type Role string

// The roles.
const (
	// RoleWorker: the case worker; may do everything in the namespace.
	RoleWorker Role = "worker"
	// RoleReporter: a service that reports breakdowns; starts cases and sends
	// report (update-with-start), nothing else.
	RoleReporter Role = "reporter"
	// RoleOps: ops staff (and the Web UI they use); read, and send ops'
	// Updates (OpsUpdates), nothing else.
	RoleOps Role = "ops"
	// RoleReader: reads (lists, describes, queries, histories), nothing else.
	RoleReader Role = "reader"
	// RoleAPI: our HTTP API; signals the providers' milestones, sends the
	// pages' Updates (decide, locate) and the warranty parties' (diagnosis,
	// warranty_decision), queries the outcome.
	RoleAPI Role = "api"
	// RoleSystem: the Temporal server's own system worker and the set-up of
	// the namespace; everything, admin included.
	RoleSystem Role = "system"
)

// Roles are the roles, in the order docs/security.md lists them.
func Roles() []Role {
	return []Role{RoleWorker, RoleReporter, RoleOps, RoleReader, RoleAPI, RoleSystem}
}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	for _, x := range Roles() {
		if r == x {
			return true
		}
	}
	return false
}

// OpsUpdates are the Updates of a case ops may send.
func OpsUpdates() []string {
	return []string{UpdateQualify, UpdateDecide, UpdateChooseService, UpdateOverrideDecision, UpdateLocate,
		UpdateCancel, UpdateResolve, UpdateAcknowledge}
}

// APIUpdates are the Updates our HTTP API sends: the pages' (decide from the
// approval page, locate from the valet's position page) and the warranty
// parties' webhooks (to the claim).
func APIUpdates() []string {
	return []string{UpdateDecide, UpdateLocate, UpdateDiagnosis, UpdateWarrantyDecision}
}

// HeaderPrincipal is the key of the Temporal header in which the frontend of
// the cluster shape puts the authenticated caller (a Principal, JSON) of
// every Signal, Update and start it lets through, overwriting whatever the
// client put under that key; it also sets the request's identity to
// Principal.Identity. A case reads it from the header of the Signal or the
// Update (the SDK's interceptor.Header): a missing header means a server
// without our authorizer (the loopback-only default, the test environment),
// where every caller is trusted alike.
const HeaderPrincipal = "assistance-principal"

// Principal is who the frontend authenticated: the role and the subject of
// the caller's certificate.
type Principal struct {
	Role    Role   `json:"role"`
	Subject string `json:"subject"`
}

// Identity is the principal as the request's identity and the trace show it:
// "ROLE:SUBJECT", e.g. "ops:marie".
func (p Principal) Identity() string { return string(p.Role) + ":" + p.Subject }

// Payload is the principal as a header payload (plain JSON, never encrypted:
// the frontend writes it).
func (p Principal) Payload() (*commonpb.Payload, error) {
	return converter.GetDefaultDataConverter().ToPayload(p)
}

// PrincipalOf reads the principal the frontend put in a Signal's or an
// Update's header; false when there is none (or it is not one).
func PrincipalOf(header map[string]*commonpb.Payload) (Principal, bool) {
	payload, ok := header[HeaderPrincipal]
	if !ok {
		return Principal{}, false
	}
	var p Principal
	if err := converter.GetDefaultDataConverter().FromPayload(payload, &p); err != nil || !p.Role.Valid() || p.Subject == "" {
		return Principal{}, false
	}
	return p, true
}

// ByApprovalPage is the by of a decision taken on the client's approval page:
// our API sets it from the approval link's audience. It is reserved: a decide
// carrying it from anyone but RoleAPI is refused (CheckSender).
const ByApprovalPage = "client:approval_page"

// CheckSender checks the decision against who sent it, as the case must
// (docs/contract.md, "Who did what"): the approval page's by only from our
// API, and our API only with it. A decision without an authenticated sender
// (ok false: a server without our authorizer) is taken on its word.
func (d DecideRequest) CheckSender(p Principal, ok bool) error {
	var errs strictjson.FieldErrors
	switch {
	case !ok:
	case d.By == ByApprovalPage && p.Role != RoleAPI:
		errs.Add("by", "%q is reserved for the client's approval page; %s cannot send it", ByApprovalPage, p.Identity())
	case p.Role == RoleAPI && d.By != ByApprovalPage:
		errs.Add("by", "a decision from our API must come from the approval page (by %q), got %q", ByApprovalPage, d.By)
	}
	return errs.Err()
}

// DecidedBy is how the trace names who took a decision: the approval page,
// or the authenticated principal (with what it typed in by), or, without one,
// by alone.
func (d DecideRequest) DecidedBy(p Principal, ok bool) string {
	switch {
	case ok && p.Role == RoleAPI && d.By == ByApprovalPage:
		return "the client, on the approval page"
	case ok && d.By != "":
		return fmt.Sprintf("%s (for %s)", p.Identity(), d.By)
	case ok:
		return p.Identity()
	case d.By != "":
		return d.By + " (unauthenticated)"
	default:
		return "unauthenticated"
	}
}
