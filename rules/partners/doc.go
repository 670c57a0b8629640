// Package partners holds the operator's assistance partners as data, and
// ranks them for a case: the partners able to take the vehicle (heavy
// vehicles, electric vehicles, seats for the valet) and open at the time of
// the breakdown, by estimated arrival (road distance from their nearest depot
// at their speed, plus their answering time), then price, then reliability.
//
// The default network is embedded (network.json: res-assistance, the
// operator's partner of the conveying operator's procedure, docs/glossary.md); a deployment points the worker to its own
// file (flag -partners, env ASSISTANCE_PARTNERS). Plain Go: no Temporal here;
// the case asks for its ranking through a local activity (docs/saga.md).
package partners
