package templatestore

import (
	"fmt"
	"slices"
	"strings"

	"vanthu/documents/kind"
	"vanthu/templates"
)

// checkKind applies the rules of the manifest's kind: a generic template
// carries the standard fields, a built-in kind's fits that kind.
func (s *Store) checkKind(m templates.Manifest) error {
	switch kind.Of(m) {
	case kind.KindGeneric:
		return checkStandardFields(m)
	case kind.KindNotice, kind.KindReviewReport:
		return s.checkBuiltinKind(m)
	}
	return invalid("manifest.kind", "must be %q, %q or %q, got %q", kind.KindGeneric, kind.KindNotice, kind.KindReviewReport, m.Kind)
}

// checkStandardFields requires the fields every official document carries
// and that vanthu numbers, dates, files and finds documents by: issuer
// (name and code), date and title, all required.
func checkStandardFields(m templates.Manifest) error {
	find := func(fields []templates.Field, name string) *templates.Field {
		for i := range fields {
			if fields[i].Name == name {
				return &fields[i]
			}
		}
		return nil
	}
	var missing []string
	need := func(f *templates.Field, path, typ string) {
		if f == nil || !f.Required || f.Type != typ {
			missing = append(missing, fmt.Sprintf("%s (%s, required)", path, typ))
		}
	}
	issuer := find(m.Fields, "issuer")
	need(issuer, "issuer", templates.TypeObject)
	if issuer != nil {
		need(find(issuer.Fields, "name"), "issuer.name", templates.TypeString)
		need(find(issuer.Fields, "code"), "issuer.code", templates.TypeString)
	}
	need(find(m.Fields, "date"), "date", templates.TypeDate)
	need(find(m.Fields, "title"), "title", templates.TypeString)
	if len(missing) > 0 {
		return invalid("manifest.fields", "every official document needs these fields: %s", strings.Join(missing, ", "))
	}
	return nil
}

// checkBuiltinKind accepts a template that gives a built-in kind (notice,
// review report) another layout: its fields are exactly those of the kind,
// its type code is the built-in's (so it numbers in the same register
// series), and it uses only placeholders the kind fills.
func (s *Store) checkBuiltinKind(m templates.Manifest) error {
	var builtin *templates.Manifest
	for _, b := range s.registry.List() {
		if b.Builtin && b.Kind == m.Kind {
			builtin = &b
			break
		}
	}
	if builtin == nil {
		return invalid("manifest.kind", "no built-in template is of kind %q", m.Kind)
	}
	if err := kind.CheckFields(m); err != nil {
		return invalid("manifest.fields", "%v", err)
	}
	if m.TypeCode != builtin.TypeCode || m.TypeName != builtin.TypeName {
		return invalid("manifest.type_code", "a %s template numbers in the register of %q: type_code must be %q and type_name %q",
			m.Kind, builtin.Name, builtin.TypeCode, builtin.TypeName)
	}
	var unknown []string
	for _, p := range m.Placeholders {
		if !slices.Contains(builtin.Placeholders, p) {
			unknown = append(unknown, p)
		}
	}
	if len(unknown) > 0 {
		return invalid("manifest.placeholders", "a %s template may use only the placeholders of %q; not filled: %s",
			m.Kind, builtin.Name, strings.Join(unknown, ", "))
	}
	return nil
}
