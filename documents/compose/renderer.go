package compose

import (
	"encoding/json"

	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/review"
	"vanthu/templates"
)

// Renderer renders requests offline, with no archive, index or reader:
// `vanthu render`, and tests and tools that need a document's DOCX.
type Renderer struct {
	c Composer
}

// NewRenderer returns a renderer of the templates of reg under rules; an
// empty quota base is "good_or_above" and a zero percentage 20, as for the
// service.
func NewRenderer(reg *templates.Registry, rules kind.Rules) *Renderer {
	if rules.QuotaBase == "" {
		rules.QuotaBase = review.QuotaGoodOrAbove
	}
	if rules.QuotaPercent == 0 {
		rules.QuotaPercent = review.DefaultCapPercent
	}
	return &Renderer{c: Composer{Templates: reg, Rules: rules}}
}

// Render validates a request for template tplName (see [Composer.Parse];
// any secrecy mark is allowed) and renders its DOCX: as issued under
// data.number when it is set, otherwise as a draft. Nothing is stored.
func (r *Renderer) Render(tplName string, data json.RawMessage) (*record.Record, []byte, error) {
	req, err := r.c.Parse(tplName, data, nil)
	if err != nil {
		return nil, nil, err
	}
	n := req.Doc.Head().Number
	return r.c.Render(req, n, n <= 0)
}
