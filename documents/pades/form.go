package pades

import (
	"fmt"
	"maps"
)

// form is the interactive form (AcroForm) of a file as one update changes
// it: new fields, filled fields, signature values and the pages' Annots.
type form struct {
	u          *update
	catalogRef Ref
	catalog    Dict
	acroRef    *Ref
	acro       Dict
	fieldsRef  *Ref
	fields     Array
	changed    bool
	font       *Font            // draws filled values
	fonts      map[string]*Font // per field, overriding font
}

func newForm(u *update) (*form, error) {
	rootRef, ok := u.f.trailer["Root"].(Ref)
	if !ok {
		return nil, fmt.Errorf("%w: trailer without Root", errSyntax)
	}
	catalog := u.f.ResolveDict(rootRef)
	if catalog == nil {
		return nil, fmt.Errorf("%w: no catalog", errSyntax)
	}
	fm := &form{u: u, catalogRef: rootRef, catalog: maps.Clone(catalog), acro: Dict{}}
	if r, ok := catalog["AcroForm"].(Ref); ok {
		fm.acroRef = &r
	}
	if a := u.f.ResolveDict(catalog["AcroForm"]); a != nil {
		fm.acro = maps.Clone(a)
	}
	if r, ok := fm.acro["Fields"].(Ref); ok {
		fm.fieldsRef = &r
	}
	if v, err := u.f.Resolve(fm.acro["Fields"]); err == nil {
		if a, ok := v.(Array); ok {
			fm.fields = append(Array(nil), a...)
		}
	}
	return fm, nil
}

// fieldByName finds a terminal field whose full name (T of its ancestors
// joined with dots) is name. It returns the reference of the field.
func (fm *form) fieldByName(name string) (Ref, Dict, bool) {
	var found Ref
	var dict Dict
	var walk func(kids Array, prefix string, depth int) bool
	walk = func(kids Array, prefix string, depth int) bool {
		for _, k := range kids {
			r, ok := k.(Ref)
			if !ok || depth > 16 {
				continue
			}
			o, err := fm.u.current(r)
			if err != nil {
				continue
			}
			d, ok := o.(Dict)
			if !ok {
				continue
			}
			full := fieldName(prefix, d)
			if full == name {
				found, dict = r, d
				return true
			}
			if sub, ok := d["Kids"].(Array); ok && walk(sub, full, depth+1) {
				return true
			}
		}
		return false
	}
	if walk(fm.fields, "", 0) {
		return found, dict, true
	}
	return Ref{}, nil, false
}

// fieldType returns a field's FT, inherited from its parents.
func (fm *form) fieldType(d Dict) Name {
	for range 16 {
		if ft, ok := d["FT"].(Name); ok {
			return ft
		}
		p, ok := d["Parent"].(Ref)
		if !ok {
			return ""
		}
		o, err := fm.u.current(p)
		if err != nil {
			return ""
		}
		if d, ok = o.(Dict); !ok {
			return ""
		}
	}
	return ""
}

// fill sets text field values, each with an appearance drawn from the
// value so that readers show it without regenerating anything.
func (fm *form) fill(values map[string]string) error {
	for name, value := range values {
		r, d, ok := fm.fieldByName(name)
		if !ok {
			return fmt.Errorf("%w %q not found", ErrField, name)
		}
		if fm.fieldType(d) != "Tx" {
			return fmt.Errorf("%w %q is not a text field", ErrField, name)
		}
		d = maps.Clone(d)
		d["V"] = textString(value)
		ap, err := fm.textAppearance(d, value)
		if err != nil {
			return fmt.Errorf("%w %q: %w", ErrField, name, err)
		}
		if ap != nil {
			d["AP"] = Dict{"N": fm.u.add(ap)}
		}
		fm.u.set(r, d)
		fm.changed = true
	}
	return nil
}

// addSignature puts the signature value sigRef in the field o.Field, or in
// a new signature field with o.Appearance (or invisible).
func (fm *form) addSignature(o Options, sigRef Ref) error {
	if o.Field != "" {
		r, d, ok := fm.fieldByName(o.Field)
		if !ok {
			return fmt.Errorf("%w %q not found", ErrField, o.Field)
		}
		if fm.fieldType(d) != "Sig" {
			return fmt.Errorf("%w %q is not a signature field", ErrField, o.Field)
		}
		if _, signed := d["V"]; signed {
			return fmt.Errorf("%w %q is already signed", ErrField, o.Field)
		}
		d = maps.Clone(d)
		d["V"] = sigRef
		fm.u.set(r, d)
		fm.acro["SigFlags"] = 3
		fm.changed = true
		return nil
	}
	pages, err := fm.u.f.Pages()
	if err != nil || len(pages) == 0 {
		return fmt.Errorf("%w: no pages", errSyntax)
	}
	widget := Dict{
		"Type": Name("Annot"), "Subtype": Name("Widget"), "FT": Name("Sig"),
		"T": textString(fm.freeName("Signature")), "V": sigRef, "F": 132, // Print, Locked
	}
	page := pages[0]
	widget["Rect"] = Array{0, 0, 0, 0}
	if a := o.Appearance; a != nil {
		if a.Page < 0 || a.Page > len(pages) {
			return fmt.Errorf("pades: appearance on page %d of a %d-page document", a.Page, len(pages))
		}
		page = pages[len(pages)-1]
		if a.Page > 0 {
			page = pages[a.Page-1]
		}
		stream, rect, err := a.build(fm.u, o.Time)
		if err != nil {
			return err
		}
		widget["Rect"] = Array{Real(rect[0]), Real(rect[1]), Real(rect[2]), Real(rect[3])}
		widget["AP"] = Dict{"N": fm.u.add(stream)}
	}
	widget["P"] = page
	ref := fm.u.add(widget)
	fm.fields = append(fm.fields, ref)
	fm.acro["SigFlags"] = 3
	fm.changed = true
	return fm.addAnnot(page, ref)
}

// addField adds a new terminal field with its widget on page.
func (fm *form) addField(page Ref, field Dict) (Ref, error) {
	field["P"] = page
	ref := fm.u.add(field)
	fm.fields = append(fm.fields, ref)
	fm.changed = true
	return ref, fm.addAnnot(page, ref)
}

// addAnnot appends annotation ref to page's Annots.
func (fm *form) addAnnot(page, ref Ref) error {
	o, err := fm.u.current(page)
	if err != nil {
		return err
	}
	pd, ok := o.(Dict)
	if !ok {
		return fmt.Errorf("%w: page %d is not a dictionary", errSyntax, page.Num)
	}
	if ar, ok := pd["Annots"].(Ref); ok {
		v, err := fm.u.current(ar)
		if err != nil {
			return err
		}
		arr, _ := v.(Array)
		fm.u.set(ar, append(append(Array(nil), arr...), ref))
		return nil
	}
	pd = maps.Clone(pd)
	arr, _ := pd["Annots"].(Array)
	pd["Annots"] = append(append(Array(nil), arr...), ref)
	fm.u.set(page, pd)
	return nil
}

// freeName returns prefix followed by the lowest number no field uses.
func (fm *form) freeName(prefix string) string {
	for i := 1; ; i++ {
		name := fmt.Sprintf("%s%d", prefix, i)
		if _, _, taken := fm.fieldByName(name); !taken {
			return name
		}
	}
}

// commit writes the changed AcroForm (and catalog) into the update.
func (fm *form) commit() error {
	if !fm.changed {
		return nil
	}
	if fm.fieldsRef != nil {
		fm.u.set(*fm.fieldsRef, fm.fields)
	} else {
		fm.acro["Fields"] = fm.fields
	}
	if fm.acroRef != nil {
		fm.u.set(*fm.acroRef, fm.acro)
		return nil
	}
	fm.catalog["AcroForm"] = fm.acro
	fm.u.set(fm.catalogRef, fm.catalog)
	return nil
}

// fieldName is the full name of the form field d whose parent's full name
// is prefix: prefix and d's partial name T joined by a dot; prefix alone
// when d has no T.
func fieldName(prefix string, d Dict) string {
	t, ok := d["T"].(String)
	if !ok {
		return prefix
	}
	if prefix == "" {
		return decodeText(t)
	}
	return prefix + "." + decodeText(t)
}
