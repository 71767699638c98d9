package pades

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
)

// FieldSpec is a text field reserved in a draft: the place where the
// number or the date will be printed when the document is issued.
type FieldSpec struct {
	Name string
	// Page is the page from 1.
	Page int
	// Rect is the field's rectangle: lower left x, y, upper right x, y in
	// points.
	Rect [4]float64
	// FontSize of the value; default 13.
	FontSize float64
	// Align is 0 left, 1 centre, 2 right.
	Align int
	// Opaque gives the field a white background, so that the value drawn
	// at filling hides what the page prints under it (the planned date of
	// the draft).
	Opaque bool
	// Italic asks for the page's italic font (the date line).
	Italic bool
}

// AddFields appends an incremental update to pdf adding empty, read-only
// text fields and, when signatureField is not empty, an empty invisible
// signature field of that name for the approving signer's tool to sign.
// The fields are filled later with [Options].Fill, in the update that
// adds the organisation's signature: form filling is a change that keeps
// earlier signatures valid.
func AddFields(pdf []byte, fields []FieldSpec, signatureField string) ([]byte, error) {
	f, err := Parse(pdf)
	if err != nil {
		return nil, err
	}
	pages, err := f.Pages()
	if err != nil || len(pages) == 0 {
		return nil, fmt.Errorf("%w: no pages", errSyntax)
	}
	u := newUpdate(f)
	fm, err := newForm(u)
	if err != nil {
		return nil, err
	}
	fontName, fontRef := documentFont(f, pages[0])
	dr := Dict{}
	for _, spec := range fields {
		if spec.Name == "" || spec.Page < 1 || spec.Page > len(pages) {
			return nil, fmt.Errorf("%w %q: needs a name and a page between 1 and %d", ErrField, spec.Name, len(pages))
		}
		if _, _, taken := fm.fieldByName(spec.Name); taken {
			return nil, fmt.Errorf("%w %q exists already", ErrField, spec.Name)
		}
		size := spec.FontSize
		if size == 0 {
			size = 13
		}
		r := spec.Rect
		w, h := r[2]-r[0], r[3]-r[1]
		if w <= 0 || h <= 0 {
			return nil, fmt.Errorf("%w %q: empty rectangle", ErrField, spec.Name)
		}
		// The field's font is the page's regular (or italic) face: the
		// value is then written as text in it, like the rest of the page.
		name, ref := fontName, fontRef
		for n, pf := range f.pageFonts(pages[spec.Page-1]) {
			if (spec.Italic && pf.italic()) || (!spec.Italic && pf.plain()) {
				name, ref = "vt"+n, pf.ref
				break
			}
		}
		if ref != nil {
			dr[name] = ref
		}
		var da bytes.Buffer
		writeObject(&da, name)
		field := Dict{
			"Type": Name("Annot"), "Subtype": Name("Widget"), "FT": Name("Tx"),
			"T": textString(spec.Name), "F": 4, "Ff": 1, // Print; ReadOnly: filled by vanthu only
			"Rect": Array{Real(r[0]), Real(r[1]), Real(r[2]), Real(r[3])},
			"DA":   String(fmt.Sprintf("%s %s Tf 0 g", da.String(), formatReal(size))),
			"Q":    spec.Align,
			"AP": Dict{"N": u.add(&Stream{Dict: Dict{
				"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": Array{0, 0, Real(w), Real(h)}, "Resources": Dict{},
			}})},
		}
		if spec.Opaque {
			field["MK"] = Dict{"BG": Array{1}}
		}
		if _, err := fm.addField(pages[spec.Page-1], field); err != nil {
			return nil, err
		}
	}
	if signatureField != "" {
		if _, _, taken := fm.fieldByName(signatureField); taken {
			return nil, fmt.Errorf("%w %q exists already", ErrField, signatureField)
		}
		last := pages[len(pages)-1]
		if _, err := fm.addField(last, Dict{
			"Type": Name("Annot"), "Subtype": Name("Widget"), "FT": Name("Sig"),
			"T": textString(signatureField), "F": 132, "Rect": Array{0, 0, 0, 0},
		}); err != nil {
			return nil, err
		}
	}
	if len(fields) == 0 && signatureField == "" {
		return nil, errors.New("pades: no field to add")
	}
	if len(fields) > 0 && fontRef != nil {
		// The fields' default appearance must name a font of the form's
		// resources. It is one the page already embeds, so PDF/A keeps
		// every font embedded; the fields are read-only and vanthu draws
		// their values itself, so readers never lay text out with it.
		fm.acro["DA"] = String(fmt.Sprintf("/%s 13 Tf 0 g", fontName))
		dr[fontName] = fontRef
		fm.acro["DR"] = Dict{"Font": dr}
	}
	if err := fm.commit(); err != nil {
		return nil, err
	}
	return u.bytes(), nil
}

// documentFont returns the name and reference of the first font in page's
// resources (inherited from the page tree when needed).
func documentFont(f *File, page Ref) (Name, any) {
	d := f.ResolveDict(page)
	for range 32 {
		if d == nil {
			break
		}
		if res := f.ResolveDict(d["Resources"]); res != nil {
			if fonts := f.ResolveDict(res["Font"]); len(fonts) > 0 {
				names := make([]Name, 0, len(fonts))
				for n := range fonts {
					names = append(names, n)
				}
				slices.Sort(names)
				return names[0], fonts[names[0]]
			}
		}
		d = f.ResolveDict(d["Parent"])
	}
	return "Helv", nil
}

// TextFields returns the full names of the text fields of pdf.
func TextFields(pdf []byte) ([]string, error) {
	f, err := Parse(pdf)
	if err != nil {
		return nil, err
	}
	fm, err := newForm(newUpdate(f))
	if err != nil {
		return nil, err
	}
	var names []string
	fm.eachField(func(name string, d Dict) {
		if fm.fieldType(d) == "Tx" {
			names = append(names, name)
		}
	})
	return names, nil
}
