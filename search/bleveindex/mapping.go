package bleveindex

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	"vanthu/search"
	"vanthu/search/fold"
	"vanthu/search/internal/facet"
)

// analyzerName is the Vietnamese text analyzer defined in the index mapping.
const analyzerName = "vanthu_vi"

// Field names of the indexed document.
const (
	fieldNumber        = "number"
	fieldNumberKey     = "number_key"
	fieldNumberCompact = "number_compact"
	fieldType          = "type"
	fieldTypeKey       = "type_key"
	fieldIssuer        = "issuer"
	fieldIssuerKey     = "issuer_key"
	fieldYear          = "year"
	fieldYearFacet     = "year_facet"
	fieldDate          = "date"
	fieldTitle         = "title"
	fieldBody          = "body"
	fieldCites         = "cites"
	fieldSecrecy       = "secrecy"
	fieldStatus        = "status"
	fieldStatusKey     = "status_key"
	fieldTemplate      = "template"
	fieldSigner        = "signer"
	fieldFacets        = "facets"
	fieldIDSort        = "id_sort"
)

// facetSep joins a facet name and a value in fieldFacets; it occurs in
// neither.
const facetSep = "\x1f"

// hitFields are the stored fields loaded for every hit.
var hitFields = []string{fieldNumber, fieldType, fieldIssuer, fieldDate, fieldTitle, fieldStatus}

// facetFields maps each facet of [search.Result.Facets] to the keyword field
// with doc values its counts are read from: the display values as stored,
// and the year as a decimal string.
var facetFields = map[string]string{
	search.FacetType:   fieldType,
	search.FacetIssuer: fieldIssuer,
	search.FacetYear:   fieldYearFacet,
	search.FacetStatus: fieldStatus,
}

// newMapping returns the index mapping: a static document mapping (no
// dynamic fields) with the Vietnamese analyzer for text fields.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name, FoldFilterName},
	})
	if err != nil {
		return nil, fmt.Errorf("bleveindex: define analyzer: %w", err)
	}
	im.DefaultAnalyzer = analyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{fieldNumber, fieldTitle, fieldBody, fieldSigner} {
		dm.AddFieldMappingsAt(f, textField())
	}
	for _, f := range []string{fieldNumberKey, fieldNumberCompact, fieldTypeKey, fieldIssuerKey, fieldStatusKey, fieldCites, fieldTemplate} {
		dm.AddFieldMappingsAt(f, keywordField(false))
	}
	dm.AddFieldMappingsAt(fieldDate, keywordField(true))
	for _, f := range []string{fieldType, fieldIssuer, fieldStatus} {
		dm.AddFieldMappingsAt(f, facetField(true))
	}
	dm.AddFieldMappingsAt(fieldYearFacet, facetField(false))
	dm.AddFieldMappingsAt(fieldFacets, facetField(false))
	dm.AddFieldMappingsAt(fieldIDSort, facetField(false))
	for _, f := range []string{fieldYear, fieldSecrecy} {
		dm.AddFieldMappingsAt(f, numericField())
	}
	im.DefaultMapping = dm
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("bleveindex: validate mapping: %w", err)
	}
	return im, nil
}

// textField is analysed Vietnamese text, stored for hits and snippets, with
// term vectors for phrase queries and highlighting.
func textField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzerName
	f.Store = true
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// keywordField is an exact, unanalysed value; sortable fields keep doc values.
func keywordField(sortable bool) *mapping.FieldMapping {
	return exactField(sortable, sortable)
}

// facetField is an exact, unanalysed value with doc values, which term
// facets count; stored fields are also returned in hits. Queries never
// search it: filters use the folded *_key fields.
func facetField(stored bool) *mapping.FieldMapping {
	return exactField(stored, true)
}

// exactField is an unanalysed value, kept out of the composite field.
func exactField(store, docValues bool) *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = store
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = docValues
	return f
}

// hasFacetFields reports whether m indexes every facet field with doc
// values. Indexes created before facet counts existed stored type, issuer
// and status without indexing them and have no year_facet.
func hasFacetFields(m mapping.IndexMapping) bool {
	for _, field := range facetFields {
		fm := m.FieldMappingForPath(field)
		if !fm.Index || !fm.DocValues || fm.Analyzer != keyword.Name {
			return false
		}
	}
	return true
}

// hasCombinedFacets reports whether m indexes fieldFacets with doc values.
// Indexes created before it existed count each facet field on its own,
// which costs a doc value lookup per facet and match.
func hasCombinedFacets(m mapping.IndexMapping) bool {
	fm := m.FieldMappingForPath(fieldFacets)
	return fm.Index && fm.DocValues && fm.Analyzer == keyword.Name
}

// hasIDSort reports whether m indexes fieldIDSort with doc values. Without
// it, ties are broken by the document ID itself, which bleve reads from the
// stored document of every match.
func hasIDSort(m mapping.IndexMapping) bool {
	fm := m.FieldMappingForPath(fieldIDSort)
	return fm.Index && fm.DocValues && fm.Analyzer == keyword.Name
}

// facetValues are the values of fieldFacets for d: each facet field's value
// prefixed with the facet's name and facetSep.
func facetValues(d map[string]any) []string {
	var vs []string
	for _, name := range facet.Names {
		if v, ok := d[facetFields[name]].(string); ok {
			vs = append(vs, name+facetSep+v)
		}
	}
	return vs
}

func numericField() *mapping.FieldMapping {
	f := bleve.NewNumericFieldMapping()
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// document converts an entry to the map bleve indexes. Empty values are left
// out so that they neither match nor sort.
func document(e search.Entry) map[string]any {
	d := map[string]any{
		// The ID as is (not through set): its bytes must sort as the
		// document ID does.
		fieldIDSort:  e.ID,
		fieldYear:    float64(e.Year),
		fieldSecrecy: float64(e.Secrecy),
	}
	set := func(field, v string) {
		if v != "" {
			// Invalid UTF-8 would derail the tokenizer for the whole field.
			d[field] = strings.ToValidUTF8(v, "\uFFFD")
		}
	}
	set(fieldNumber, e.Number)
	set(fieldNumberKey, e.NumberKey)
	set(fieldNumberCompact, e.NumberCompact)
	set(fieldType, e.Type)
	set(fieldTypeKey, codeKey(e.Type))
	set(fieldIssuer, e.Issuer)
	set(fieldIssuerKey, codeKey(e.Issuer))
	set(fieldDate, e.Date)
	set(fieldTitle, e.Title)
	set(fieldBody, e.Body)
	set(fieldStatus, e.Status)
	set(fieldStatusKey, codeKey(e.Status))
	if e.Year != 0 {
		d[fieldYearFacet] = strconv.Itoa(e.Year)
	}
	if vs := facetValues(d); len(vs) > 0 {
		d[fieldFacets] = vs
	}
	set(fieldTemplate, e.Template)
	set(fieldSigner, e.Signer)
	var cites []string
	for _, c := range e.Cites {
		if c != "" {
			cites = append(cites, c)
		}
	}
	if len(cites) > 0 {
		d[fieldCites] = cites
	}
	return d
}

// codeKey is the indexed form of a type, issuer or status code: folded,
// lower case, trimmed. Filters use the same function.
func codeKey(s string) string {
	return fold.String(strings.TrimSpace(s))
}
