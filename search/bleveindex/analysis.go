package bleveindex

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefragmenter "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"golang.org/x/text/unicode/norm"
)

// FoldFilterName is the name under which the Vietnamese folding token filter
// is registered with bleve. Indexes created by this package refer to it by
// name, so it must stay stable.
const FoldFilterName = "vanthu_vi_fold"

// highlighterName is the registered highlighter that produces snippets.
const highlighterName = "vanthu_mark"

// snippetRunes is the length of a snippet fragment in characters.
const snippetRunes = 160

func init() {
	if err := registry.RegisterTokenFilter(FoldFilterName, newFoldFilter); err != nil {
		panic(fmt.Sprintf("bleveindex: register token filter: %v", err))
	}
	if err := registry.RegisterHighlighter(highlighterName, newHighlighter); err != nil {
		panic(fmt.Sprintf("bleveindex: register highlighter: %v", err))
	}
}

// foldFilter is the Vietnamese folding token filter: it rewrites each term
// with [FoldTerm] and leaves positions and offsets untouched.
type foldFilter struct{}

func newFoldFilter(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return foldFilter{}, nil
}

// Filter folds every token of input in place.
func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = FoldTerm(tok.Term)
	}
	return input
}

// FoldTerm folds one analysed term: đ/Đ (and the look-alike ð/Ð) → d, then
// NFD, then combining marks (unicode.Mn) dropped, then NFC. It does not change
// case; the analyzer lower-cases before folding. ASCII terms are returned
// unchanged without allocating.
func FoldTerm(term []byte) []byte {
	if isASCII(term) {
		return term
	}
	mapped := make([]byte, 0, len(term))
	for _, r := range string(term) {
		switch r {
		case 'đ', 'Đ', 'ð', 'Ð':
			r = 'd'
		}
		mapped = utf8.AppendRune(mapped, r)
	}
	decomposed := norm.NFD.Bytes(mapped)
	kept := decomposed[:0]
	for i := 0; i < len(decomposed); {
		r, n := utf8.DecodeRune(decomposed[i:])
		if !unicode.Is(unicode.Mn, r) {
			kept = append(kept, decomposed[i:i+n]...)
		}
		i += n
	}
	return norm.NFC.Bytes(kept)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// newHighlighter builds the snippet highlighter: one fragment of
// snippetRunes characters, HTML-escaped by the html formatter, matches
// wrapped in <mark>…</mark>, "…" where the text was cut.
func newHighlighter(map[string]any, *registry.Cache) (highlight.Highlighter, error) {
	return simplehighlighter.NewHighlighter(
		simplefragmenter.NewFragmenter(snippetRunes),
		htmlformat.NewFragmentFormatter("<mark>", "</mark>"),
		"…",
	), nil
}
