package templates

// DataSchema returns the JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it)
// of the "data" object the manifest's fields accept. It states what
// Validate checks, except what a schema cannot say: lengths are counted
// after NFC normalisation and dates must exist in the calendar. Optional
// fields may be null, which Validate treats as absent.
func (m Manifest) DataSchema() map[string]any {
	s := objectSchema(m.Fields)
	s["title"] = m.Title
	return s
}

func objectSchema(fields []Field) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range fields {
		fs := fieldSchema(f)
		if f.Label != "" {
			fs["title"] = f.Label
		}
		if f.Required {
			required = append(required, f.Name)
		} else {
			fs = map[string]any{"anyOf": []any{fs, map[string]any{"type": "null"}}}
		}
		props[f.Name] = fs
	}
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func fieldSchema(f Field) map[string]any {
	s := map[string]any{}
	switch f.Type {
	case TypeString, TypeText:
		s["type"] = "string"
		if f.MaxLength > 0 {
			s["maxLength"] = f.MaxLength
		}
		pattern := ""
		if f.Required {
			pattern = `\S`
		}
		if f.Type == TypeString {
			pattern = `^[^\r\n]*$`
			if f.Required {
				pattern = `^[^\r\n]*\S[^\r\n]*$`
			}
		}
		if pattern != "" {
			s["pattern"] = pattern
		}
	case TypeInteger:
		s["type"] = "integer"
		if f.Min != nil {
			s["minimum"] = *f.Min
		}
		if f.Max != nil {
			s["maximum"] = *f.Max
		}
	case TypeDate:
		s["type"] = "string"
		s["pattern"] = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`
		if !f.Required {
			s["pattern"] = `^([0-9]{4}-[0-9]{2}-[0-9]{2})?$`
		}
	case TypeEnum:
		values := []any{}
		for _, v := range f.Values {
			if v != "" || !f.Required {
				values = append(values, v)
			}
		}
		s["enum"] = values
	case TypeObject:
		return objectSchema(f.Fields)
	case TypeList:
		s["type"] = "array"
		if f.Item != nil {
			s["items"] = fieldSchema(*f.Item)
		}
		if f.Required {
			s["minItems"] = 1
		}
		if f.MaxItems > 0 {
			s["maxItems"] = f.MaxItems
		}
	}
	return s
}
