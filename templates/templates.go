package templates

import "errors"

// Errors; callers test them with errors.Is.
var (
	ErrNotFound = errors.New("templates: template not found")
	// ErrInvalidTemplate wraps every reason an uploaded or built-in template is refused.
	ErrInvalidTemplate = errors.New("templates: invalid template")
	// ErrRender means filling failed; no partial output is ever returned.
	ErrRender = errors.New("templates: render failed")
	// ErrTooLarge means the expanded document exceeds the placeholder cap.
	ErrTooLarge = errors.New("templates: document too large")
	// ErrBuiltin means a built-in template cannot be replaced or deleted.
	ErrBuiltin = errors.New("templates: built-in template")
	// ErrExists means an uploaded template of that name is already
	// registered; remove it first to replace it.
	ErrExists = errors.New("templates: template already exists")
)

// DOCXContentType is the media type of a Word document.
const DOCXContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// DefaultMaxPlaceholders is the placeholder cap of a rendered document when
// the manifest does not set max_placeholders.
const DefaultMaxPlaceholders = 2000

// Field types of a manifest.
const (
	TypeString  = "string"  // one line of text
	TypeText    = "text"    // free text, may contain line breaks
	TypeInteger = "integer" // JSON integer
	TypeDate    = "date"    // "YYYY-MM-DD"
	TypeEnum    = "enum"    // one of Field.Values
	TypeObject  = "object"  // Field.Fields
	TypeList    = "list"    // list of Field.Item
)

// Manifest describes a template: its identity, the document type it
// produces and every field it uses. It is stored as manifest.json beside the
// .docx ("<name>.json" for built-ins).
type Manifest struct {
	Name        string `json:"name"`      // "thong-bao-ket-luan"; [a-z0-9-], 3..64
	Title       string `json:"title"`     // "Thông báo kết luận"
	TypeCode    string `json:"type_code"` // "TB"
	TypeName    string `json:"type_name"` // "THÔNG BÁO"
	Kind        string `json:"kind"`      // "notice", "review_report" or "generic": which preparer derives values
	Description string `json:"description,omitempty"`
	// Standard is the symbol of the guidance the layout follows, e.g.
	// "36-HD/VPTW" (Hướng dẫn 36-HD/VPTW of the Central Office) or
	// "05-HD/VPTW"; every built-in names one.
	Standard string  `json:"standard,omitempty"`
	Fields   []Field `json:"fields"` // input fields (the "data" object)
	// Placeholders lists every placeholder the .docx may contain, as the dotted
	// path used in it ("number_line", "sections.heading",
	// "sections.items.text"). Lint requires the .docx and this list to agree.
	Placeholders []string `json:"placeholders"`
	// MaxPlaceholders caps the placeholders of one rendered document after
	// its collections are expanded; 0 means DefaultMaxPlaceholders.
	MaxPlaceholders int  `json:"max_placeholders,omitempty"`
	Builtin         bool `json:"builtin,omitempty"`
	// Approval is "required" when a draft may be issued only after the
	// leader approved its PDF (POST …/approval), "optional" (the default)
	// when the office may issue without one.
	Approval string `json:"approval,omitempty"`
}

// Field declares one input field.
type Field struct {
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	Required  bool     `json:"required,omitempty"`
	Label     string   `json:"label,omitempty"` // Vietnamese label for forms
	MaxLength int      `json:"max_length,omitempty"`
	Min       *int64   `json:"min,omitempty"`
	Max       *int64   `json:"max,omitempty"`
	Values    []string `json:"values,omitempty"` // for enum
	Fields    []Field  `json:"fields,omitempty"` // for object
	Item      *Field   `json:"item,omitempty"`   // for list
	MaxItems  int      `json:"max_items,omitempty"`
}

// Values is the tree a template is filled from. A value is a string, a
// Values (object: its fields become "parent.field" placeholders) or a
// []Values (collection: its block is repeated once per item).
type Values = map[string]any
