package documents

import (
	"context"
	"crypto/x509"
	"log/slog"

	"vanthu/documents/archive"
	"vanthu/documents/archivecheck"
	"vanthu/documents/pdfdoc"
)

// The findings of vanthu check and the readiness probe; see package
// archivecheck.
type (
	Problem     = archivecheck.Problem
	CheckReport = archivecheck.Report
	Health      = archivecheck.Health
)

// NewChecker returns a checker over the archive alone, for use beside a
// running service (which holds the embedded index) or when the index is
// not at hand.
func NewChecker(arc archive.Archive, trusted []*x509.Certificate, log *slog.Logger) *archivecheck.Checker {
	c := archivecheck.New(arc, trusted, log)
	c.VerifyPDF = pdfdoc.Check
	return c
}

// Check reads the whole archive back and reports what does not hold (see
// archivecheck.Checker.Check). It sees every document whatever its
// secrecy (it is an operator's tool) and changes nothing.
func (s *Service) Check(ctx context.Context) (*CheckReport, error) {
	return NewChecker(s.archive, s.opts.Trusted, s.log).Check(ctx)
}

// Health probes the archive and the index (archivecheck.Probe), for
// readiness probes.
func (s *Service) Health(ctx context.Context) Health {
	return archivecheck.Probe(ctx, s.archive, s.index.Ping)
}
