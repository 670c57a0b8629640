package access

import (
	"context"
	"errors"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/server/common/authorization"

	"github.com/valetops/assistance/contract"
)

// AuthType names our claims (the principal's type in the history's events is
// its role: see Authorizer).
const AuthType = "mtls"

// ClaimMapper maps a caller's verified client certificate to its principal:
// the role is the certificate's (first) organizational unit, the subject its
// common name. A caller without a certificate of the cluster's CA, or with
// an unknown role, gets no claims and is refused. Use it with
// temporal.WithClaimMapper.
type ClaimMapper struct{}

var _ authorization.ClaimMapper = ClaimMapper{}

// GetClaims reads the principal from the certificate's subject.
func (ClaimMapper) GetClaims(info *authorization.AuthInfo) (*authorization.Claims, error) {
	p, err := PrincipalOf(info)
	if err != nil {
		return nil, err
	}
	return &authorization.Claims{Subject: p.Subject, AuthType: AuthType, Extensions: p}, nil
}

// PrincipalOf reads the principal of a caller's verified certificate.
func PrincipalOf(info *authorization.AuthInfo) (contract.Principal, error) {
	if info == nil || info.TLSSubject == nil {
		return contract.Principal{}, errors.New("access: no client certificate")
	}
	s := info.TLSSubject
	if len(s.OrganizationalUnit) != 1 || s.CommonName == "" {
		return contract.Principal{}, fmt.Errorf("access: certificate %q must have one organizational unit (its role) and a common name", s.String())
	}
	p := contract.Principal{Role: contract.Role(s.OrganizationalUnit[0]), Subject: s.CommonName}
	if !p.Role.Valid() {
		return contract.Principal{}, fmt.Errorf("access: certificate %q: unknown role %q", s.String(), p.Role)
	}
	if err := contract.CheckPerson("subject", p.Subject); err != nil {
		return contract.Principal{}, fmt.Errorf("access: certificate %q: %w", s.String(), err)
	}
	return p, nil
}

// Authorizer lets each role do what Allowed says, and nobody without claims
// anything but the health checks. The principal it returns (type: the role,
// name: the subject) is stamped on the history events the request writes,
// with the frontend's principal propagation on. Use it with
// temporal.WithAuthorizer.
type Authorizer struct{}

var _ authorization.Authorizer = Authorizer{}

// Authorize decides one call.
func (Authorizer) Authorize(_ context.Context, claims *authorization.Claims, target *authorization.CallTarget) (authorization.Result, error) {
	if claims == nil {
		if authorization.IsHealthCheckAPI(target.APIName) {
			return authorization.Result{Decision: authorization.DecisionAllow}, nil
		}
		return authorization.Result{Decision: authorization.DecisionDeny, Reason: "no client certificate of the cluster"}, nil
	}
	p, ok := claims.Extensions.(contract.Principal)
	if !ok {
		return authorization.Result{Decision: authorization.DecisionDeny, Reason: "no principal"}, nil
	}
	if ok, why := Allowed(p.Role, target.APIName, target.Request); !ok {
		return authorization.Result{Decision: authorization.DecisionDeny, Reason: p.Identity() + ": " + why}, nil
	}
	return authorization.Result{Decision: authorization.DecisionAllow,
		Principal: &commonpb.Principal{Type: string(p.Role), Name: p.Subject}}, nil
}

// principalOf is the principal the claim mapper put in ctx, if any.
func principalOf(ctx context.Context) (contract.Principal, bool) {
	claims, ok := ctx.Value(authorization.MappedClaims).(*authorization.Claims)
	if !ok || claims == nil {
		return contract.Principal{}, false
	}
	p, ok := claims.Extensions.(contract.Principal)
	return p, ok
}
