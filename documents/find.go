package documents

import (
	"context"
	"fmt"

	"vanthu/documents/find"
	"vanthu/documents/role"
	"vanthu/search"
)

// The parameters and results of a search; see package find.
type (
	SearchParams = find.Params
	SearchResult = find.Result
)

// reader is what a can see in a search: documents up to their clearance,
// drafts for clerks and above.
func reader(a Actor) find.Reader {
	return find.Reader{Clearance: a.Clearance, Drafts: a.Can(role.Clerk)}
}

// Search runs a query for the actor of ctx.
func (s *Service) Search(ctx context.Context, p SearchParams) (SearchResult, error) {
	q, err := p.Query(reader(ActorFrom(ctx)))
	if err != nil {
		return SearchResult{}, err
	}
	res, err := s.index.Search(ctx, q)
	if err != nil {
		return SearchResult{}, fmt.Errorf("search: %w", err)
	}
	if res.Hits == nil {
		res.Hits = []search.Hit{}
	}
	out := SearchResult{Result: res}
	if res.Total == 0 && (q.NumberKey != "" || q.CitesKey != "") {
		out.Suggestions = find.Suggest(ctx, s.index, q)
	}
	return out, nil
}
