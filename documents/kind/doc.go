// Package kind holds the typed values of a document request and their
// derivation into template values. It is pure: no I/O, no clock.
//
// After the manifest check (templates.Manifest.Validate) the data of a
// request is parsed once, by [Parse], into one Go value per kind: [Notice],
// [ReviewReport] or [Generic] (staff-supplied templates), each embedding the
// [Header] every official document shares. [Values] derives what the
// template is filled from, given the register number as an argument.
package kind
