// Package fit learns the network model's per-provider parameters from the
// case record (package record): what the providers did — how soon they
// answered and whether they answered at all, how often they accepted and why
// they refused, how often and how late they broke their promises, whether
// they towed or repaired, how long their repairs and tows took — becomes a
// network file (package network) the what-if plays (docs/whatif.md, "A
// what-if that learns"). What the record cannot see — depots and trucks,
// reach, speed and turnout (an ETA mixes both with a distance the record
// keeps sealed), tow distances, quotes, outages — comes from a base file.
package fit
