// Package web serves vanthu's Vietnamese pages at "/" of the service: search
// (Tra cứu), the document view, the compose form generated from a
// template's manifest, drafts, the outgoing register, the figure check,
// templates, the audit log and the accounts of the people who sign in.
//
// Pages are html/template views over one layout, parsed once at start and
// rendered into a buffer before anything is written. Static files are
// embedded and served under names carrying a hash of their content, cached
// for a year. No page makes an external request, uses inline script or
// style (the Content-Security-Policy forbids both) or needs JavaScript to be
// read; the small script adds list items and live percentages to forms.
//
// Handlers call the same documents.Service methods as the JSON API with the
// signed-in person as actor, so roles, clearance, validation, immutability
// and audit hold identically. Every state-changing form carries a CSRF token
// bound to the session.
package web
