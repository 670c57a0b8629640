// Package warranty holds the rules of a vehicle's warranty after a tow (seed
// 003, a warranty company's terms): programs written as data files
// (programs/<id>.json, embedded), whether a claim needs an event number first
// (abroad), how the repairer's diagnosis and quote and the warranty manager's
// decision are checked, and how a decision settles the repair between the
// warranty and the client, within the program's ceilings (the home-assistance company's terms, docs/glossary.md).
//
// Everything here is pure and deterministic: no clock, no I/O besides loading
// program files, no Temporal. The claim itself runs as the WarrantyClaim child
// workflow of a case (package workflows; docs/saga.md says why).
package warranty
