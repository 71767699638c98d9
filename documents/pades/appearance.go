package pades

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Appearance is the visible part of a signature, placed over the document's
// signature block as Nghị định 30/2020/NĐ-CP describes it: the signer's
// signature image when there is one, the organisation's seal at its real
// size overlapping the left third of that image, and under them the
// organisation's name and the signing time (ISO 8601, Vietnam time).
//
// Text is drawn as glyph outlines from Font, so the appearance needs no
// font resources and stays valid PDF/A whatever the font's licence allows.
type Appearance struct {
	// Page is the page (from 1) to draw on; 0 means the last page.
	Page int
	// X and Y are where the centre of the signature image (or of the seal
	// when there is none) goes, in points from the page's lower left.
	X, Y float64
	// Seal is the organisation's seal; required.
	Seal *Image
	// Signature is the signer's signature image; optional.
	Signature *Image
	// Organization is the first line of text.
	Organization string
	// Font draws the text; required when there is text.
	Font *Font
	// FontSize of the text lines in points; default 8.
	FontSize float64
}

// Image is a picture with its size on paper. It is safe for concurrent
// use; its PDF encoding is made once.
type Image struct {
	img           image.Image
	width, height float64 // points

	once       sync.Once
	rgb, alpha []byte // deflated samples; alpha nil when opaque
	pixW, pixH int
}

// DefaultDPI is the resolution assumed for a PNG that does not record its
// own (pHYs chunk): scans of seals are usually 300 dpi.
const DefaultDPI = 300

// LoadPNG reads a PNG image. Its size on paper comes from its pHYs chunk
// (pixels per metre), or [DefaultDPI] without one, so a seal scanned at a
// known resolution is drawn at its real size.
func LoadPNG(data []byte) (*Image, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("pades: read PNG: %w", err)
	}
	ppmX, ppmY := physical(data)
	b := img.Bounds()
	im := &Image{img: img}
	if ppmX > 0 && ppmY > 0 {
		im.width = float64(b.Dx()) * 72 / (float64(ppmX) * 0.0254)
		im.height = float64(b.Dy()) * 72 / (float64(ppmY) * 0.0254)
	} else {
		im.width = float64(b.Dx()) * 72 / DefaultDPI
		im.height = float64(b.Dy()) * 72 / DefaultDPI
	}
	return im, nil
}

// Size returns the image's size on paper in points.
func (im *Image) Size() (w, h float64) { return im.width, im.height }

// physical returns the pixels per metre of a PNG's pHYs chunk, or zeros.
func physical(data []byte) (x, y uint32) {
	if len(data) < 8 {
		return 0, 0
	}
	for p := 8; p+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		if n < 0 || p+12+n > len(data) {
			return 0, 0
		}
		if typ == "pHYs" && n == 9 && data[p+8+8] == 1 {
			return binary.BigEndian.Uint32(data[p+8:]), binary.BigEndian.Uint32(data[p+12:])
		}
		if typ == "IDAT" {
			return 0, 0
		}
		p += 12 + n
	}
	return 0, 0
}

// Font draws text as outlines.
type Font struct {
	f *sfnt.Font
}

// LoadFont reads a TrueType or OpenType font.
func LoadFont(data []byte) (*Font, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("pades: read font: %w", err)
	}
	return &Font{f: f}, nil
}

// FindFont loads the Times-compatible serif of the system: Times New Roman
// when fontconfig knows it, else Liberation Serif.
func FindFont() (*Font, error) { return FindFontStyle("Regular") }

// FindFontStyle is [FindFont] for a style: Regular, Bold, Italic or
// BoldItalic.
func FindFontStyle(style string) (*Font, error) {
	var paths []string
	if out, err := exec.Command("fc-match", "--format=%{file}", "Times New Roman:style="+style).Output(); err == nil && len(out) > 0 {
		paths = append(paths, string(out))
	}
	paths = append(paths,
		"/usr/share/fonts/truetype/liberation2/LiberationSerif-"+style+".ttf",
		"/usr/share/fonts/truetype/liberation/LiberationSerif-"+style+".ttf")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			if f, err := LoadFont(data); err == nil {
				return f, nil
			}
		}
	}
	return nil, errors.New("pades: no Times-compatible font found; install fonts-liberation2")
}

// width returns the advance of s at size points.
func (ft *Font) width(s string, size float64) float64 {
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(size * 64)
	w := 0.0
	for _, r := range s {
		gi, err := ft.f.GlyphIndex(&buf, r)
		if err != nil {
			continue
		}
		adv, err := ft.f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err == nil {
			w += float64(adv) / 64
		}
	}
	return w
}

// draw appends path operators drawing s with its baseline starting at
// (x, y), size points high, filled with the current colour.
func (ft *Font) draw(b *bytes.Buffer, s string, x, y, size float64) {
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(size * 64)
	pt := func(p fixed.Point26_6) (float64, float64) {
		return x + float64(p.X)/64, y - float64(p.Y)/64
	}
	for _, r := range s {
		gi, err := ft.f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			gi, _ = ft.f.GlyphIndex(&buf, '?')
		}
		segs, err := ft.f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			continue
		}
		var cx, cy float64
		for _, sg := range segs {
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				cx, cy = pt(sg.Args[0])
				fmt.Fprintf(b, "%s %s m\n", num(cx), num(cy))
			case sfnt.SegmentOpLineTo:
				cx, cy = pt(sg.Args[0])
				fmt.Fprintf(b, "%s %s l\n", num(cx), num(cy))
			case sfnt.SegmentOpQuadTo:
				qx, qy := pt(sg.Args[0])
				ex, ey := pt(sg.Args[1])
				fmt.Fprintf(b, "%s %s %s %s %s %s c\n",
					num(cx+2*(qx-cx)/3), num(cy+2*(qy-cy)/3), num(ex+2*(qx-ex)/3), num(ey+2*(qy-ey)/3), num(ex), num(ey))
				cx, cy = ex, ey
			case sfnt.SegmentOpCubeTo:
				x1, y1 := pt(sg.Args[0])
				x2, y2 := pt(sg.Args[1])
				cx, cy = pt(sg.Args[2])
				fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(x1), num(y1), num(x2), num(y2), num(cx), num(cy))
			}
		}
		if len(segs) > 0 {
			b.WriteString("f\n")
		}
		adv, err := ft.f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err == nil {
			x += float64(adv) / 64
		}
	}
}

func num(f float64) string { return formatReal(math.Round(f*100) / 100) }

// box is a rectangle: lower left x, y, width, height.
type box struct{ x, y, w, h float64 }

// build lays out the appearance and returns its form XObject and the
// widget's rectangle on the page.
func (a *Appearance) build(u *update, at time.Time) (*Stream, [4]float64, error) {
	if a.Seal == nil {
		return nil, [4]float64{}, errors.New("pades: the appearance needs the seal image")
	}
	size := a.FontSize
	if size == 0 {
		size = 8
	}
	lines := []string{}
	if a.Organization != "" {
		lines = append(lines, a.Organization)
	}
	lines = append(lines, "Thời gian ký: "+at.In(Vietnam).Format(time.RFC3339))
	if a.Font == nil {
		return nil, [4]float64{}, errors.New("pades: the appearance needs a font")
	}
	type placed struct {
		name string
		im   *Image
		at   box
	}
	var images []placed
	sealW, sealH := a.Seal.Size()
	var sealBox box
	if a.Signature != nil {
		w, h := a.Signature.Size()
		sig := box{a.X - w/2, a.Y - h/2, w, h}
		images = append(images, placed{"Sig", a.Signature, sig})
		// The seal covers the left third of the signature.
		sealBox = box{sig.x + w/3 - sealW, a.Y - sealH/2, sealW, sealH}
	} else {
		sealBox = box{a.X - sealW/2, a.Y - sealH/2, sealW, sealH}
	}
	images = append(images, placed{"Seal", a.Seal, sealBox})
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	grow := func(bx box) {
		minX, minY = math.Min(minX, bx.x), math.Min(minY, bx.y)
		maxX, maxY = math.Max(maxX, bx.x+bx.w), math.Max(maxY, bx.y+bx.h)
	}
	for _, p := range images {
		grow(p.at)
	}
	// Text lines centred under the images.
	lineH := size * 1.25
	top := minY - 2
	var text bytes.Buffer
	for i, l := range lines {
		w := a.Font.width(l, size)
		baseline := top - float64(i+1)*lineH + size*0.25
		grow(box{a.X - w/2, baseline - size*0.3, w, size * 1.3})
		a.Font.draw(&text, l, a.X-w/2, baseline, size)
	}
	minX, minY, maxX, maxY = math.Floor(minX), math.Floor(minY), math.Ceil(maxX), math.Ceil(maxY)
	var content bytes.Buffer
	resources := Dict{}
	for _, p := range images {
		ref, err := addImage(u, p.im)
		if err != nil {
			return nil, [4]float64{}, err
		}
		resources[Name(p.name)] = ref
		fmt.Fprintf(&content, "q %s 0 0 %s %s %s cm /%s Do Q\n",
			num(p.at.w), num(p.at.h), num(p.at.x-minX), num(p.at.y-minY), p.name)
	}
	fmt.Fprintf(&content, "q 1 0 0 1 %s %s cm 0 0 0 rg\n", num(-minX), num(-minY))
	content.Write(text.Bytes())
	content.WriteString("Q\n")
	stream := &Stream{Dict: Dict{
		"Type": Name("XObject"), "Subtype": Name("Form"),
		"BBox":      Array{0, 0, Real(maxX - minX), Real(maxY - minY)},
		"Resources": Dict{"XObject": resources},
		"Filter":    Name("FlateDecode"),
	}, Data: deflate(content.Bytes())}
	return stream, [4]float64{minX, minY, maxX, maxY}, nil
}

// encode makes the deflated RGB samples and soft mask of the image.
func (im *Image) encode() {
	b := im.img.Bounds()
	im.pixW, im.pixH = b.Dx(), b.Dy()
	nrgba := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(nrgba, nrgba.Bounds(), im.img, b.Min, draw.Src)
	rgb := make([]byte, 0, b.Dx()*b.Dy()*3)
	alpha := make([]byte, 0, b.Dx()*b.Dy())
	opaque := true
	for i := 0; i+3 < len(nrgba.Pix); i += 4 {
		rgb = append(rgb, nrgba.Pix[i], nrgba.Pix[i+1], nrgba.Pix[i+2])
		alpha = append(alpha, nrgba.Pix[i+3])
		opaque = opaque && nrgba.Pix[i+3] == 0xff
	}
	im.rgb = deflate(rgb)
	if !opaque {
		im.alpha = deflate(alpha)
	}
}

// addImage adds im as an RGB image XObject, with a soft mask for its
// transparency, and returns its reference.
func addImage(u *update, im *Image) (Ref, error) {
	im.once.Do(im.encode)
	d := Dict{
		"Type": Name("XObject"), "Subtype": Name("Image"),
		"Width": im.pixW, "Height": im.pixH, "ColorSpace": Name("DeviceRGB"),
		"BitsPerComponent": 8, "Filter": Name("FlateDecode"),
	}
	if im.alpha != nil {
		d["SMask"] = u.add(&Stream{Dict: Dict{
			"Type": Name("XObject"), "Subtype": Name("Image"),
			"Width": im.pixW, "Height": im.pixH, "ColorSpace": Name("DeviceGray"),
			"BitsPerComponent": 8, "Filter": Name("FlateDecode"),
		}, Data: im.alpha})
	}
	return u.add(&Stream{Dict: d, Data: im.rgb}), nil
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

var daSize = regexp.MustCompile(`([0-9.]+)\s+Tf`)

// textAppearance draws value into a text field's widget rectangle, at the
// size of its default appearance (DA) or 13 points, aligned as its Q asks.
func (fm *form) textAppearance(d Dict, value string) (*Stream, error) {
	rect, ok := d["Rect"].(Array)
	if !ok || len(rect) != 4 {
		return nil, nil // a field whose widgets are its kids: readers draw it
	}
	var r [4]float64
	for i, v := range rect {
		r[i] = toFloat(v)
	}
	w, h := math.Abs(r[2]-r[0]), math.Abs(r[3]-r[1])
	ft := fm.font
	if t, ok := d["T"].(String); ok && fm.fonts[decodeText(t)] != nil {
		ft = fm.fonts[decodeText(t)]
	}
	if ft == nil {
		return nil, errors.New("a font is needed to draw the value")
	}
	size := 13.0
	if da, ok := d["DA"].(String); ok {
		if m := daSize.FindStringSubmatch(string(da)); m != nil {
			if s, err := strconv.ParseFloat(m[1], 64); err == nil && s > 0 {
				size = s
			}
		}
	}
	// The value is written as text in the field's own font (DA) when that
	// font has every character; otherwise drawn as outlines.
	var pf *pageFont
	var fontName Name
	if m := daFont.FindStringSubmatch(string(toBytes(d["DA"]))); m != nil {
		fontName = Name(decodeName([]byte(m[1])))
		if dr := fm.u.f.ResolveDict(fm.acro["DR"]); dr != nil {
			if fonts := fm.u.f.ResolveDict(dr["Font"]); fonts != nil && fonts[fontName] != nil {
				if cand := fm.u.f.loadFont(fonts[fontName]); cand != nil && cand.covers(value) {
					pf = cand
				}
			}
		}
	}
	measure := func(size float64) ([]byte, float64) {
		if pf != nil {
			return pf.encode(value, size)
		}
		return nil, ft.width(value, size)
	}
	// The baseline is where the cap height of the field's size is centred;
	// a value wider than the field is drawn smaller on that same baseline
	// rather than cut by the field's edge.
	baseline := (h - size*0.7) / 2
	q, _ := d["Q"].(int64)
	codes, tw := measure(size)
	avail := w
	if q == 0 {
		avail = w - 2 // left-aligned values begin 2 points in
	}
	if tw > avail && tw > 0 && avail > 0 {
		size *= avail / tw
		codes, tw = measure(size)
	}
	x := 2.0
	switch q {
	case 1:
		x = (w - tw) / 2
	case 2:
		x = w - tw
	}
	var content bytes.Buffer
	if mk, ok := d["MK"].(Dict); ok {
		if bg, ok := mk["BG"].(Array); ok && len(bg) == 1 {
			g := num(toFloat(bg[0]))
			fmt.Fprintf(&content, "%s g 0 0 %s %s re f\n", g, num(w), num(h))
		}
	}
	content.WriteString("/Tx BMC q 0 0 0 rg\n")
	resources := Dict{}
	if pf != nil {
		textContent(&content, fontName, codes, size, x, baseline)
		resources["Font"] = Dict{fontName: pf.ref}
	} else {
		ft.draw(&content, value, x, baseline, size)
	}
	content.WriteString("Q EMC\n")
	return &Stream{Dict: Dict{
		"Type": Name("XObject"), "Subtype": Name("Form"),
		"BBox": Array{0, 0, Real(w), Real(h)}, "Resources": resources,
		"Filter": Name("FlateDecode"),
	}, Data: deflate(content.Bytes())}, nil
}

var daFont = regexp.MustCompile(`/(\S+)\s+[0-9.]+\s+Tf`)

func toBytes(v any) []byte {
	s, _ := v.(String)
	return s
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case int64:
		return float64(n)
	case int:
		return float64(n)
	case Real:
		return float64(n)
	}
	return 0
}
