package returns

import (
	"errors"
	"fmt"
	"math"

	"vanthu/documents/review"
)

// ErrOverflow is returned when a sum does not fit in 64 bits.
var ErrOverflow = errors.New("returns: sum out of range")

// UnitState is one unit of a consolidation: its state and, unless missing,
// its latest revision.
type UnitState struct {
	Unit
	State    string    `json:"state"`
	Revision *Revision `json:"-"`
	Blocked  []Issue   `json:"blocked,omitempty"`
}

// Consolidation is the sum of the received units and who is not there yet.
type Consolidation struct {
	Units      []UnitState       `json:"units"`
	Expected   int               `json:"expected"`
	Received   int               `json:"received"`
	Missing    []string          `json:"missing"`
	Blocked    []string          `json:"blocked"`
	Complete   bool              `json:"complete"`
	Categories []review.Category `json:"categories"`
}

// Consolidate sums the categories of every received unit (latest maps unit
// codes to their latest revisions) in the order of the definition. Counts
// add exactly; last year's figures are summed only when every received
// unit gave them for the same year. Blocked and missing units are listed
// and left out of the sums.
func Consolidate(d *Definition, latest map[string]*Revision) (Consolidation, error) {
	c := Consolidation{Expected: len(d.Units), Missing: []string{}, Blocked: []string{}}
	c.Categories = make([]review.Category, len(d.Categories))
	for i, def := range d.Categories {
		c.Categories[i] = review.Category{Label: def.Label, Group: def.Group}
	}
	prevYear := make([]int, len(d.Categories)) // 0 unknown, -1 not usable
	prev := make([]review.Counts, len(d.Categories))
	for _, u := range d.Units {
		us := UnitState{Unit: u, State: StateMissing}
		rev := latest[u.Code]
		switch {
		case rev == nil:
			c.Missing = append(c.Missing, u.Code)
		case rev.State() == StateBlocked:
			us.State, us.Revision, us.Blocked = StateBlocked, rev, rev.Blocked
			c.Blocked = append(c.Blocked, u.Code)
		default:
			us.State, us.Revision = StateReceived, rev
			c.Received++
			if len(rev.Categories) != len(d.Categories) {
				return c, fmt.Errorf("unit %s revision %d: %d categories, want %d", u.Code, rev.Revision, len(rev.Categories), len(d.Categories))
			}
			for i, cat := range rev.Categories {
				sum := &c.Categories[i]
				var err error
				if sum.Total, err = add(sum.Total, cat.Total); err != nil {
					return c, fmt.Errorf("%s, total: %w", sum.Label, err)
				}
				if sum.Counts, err = addCounts(sum.Counts, cat.Counts); err != nil {
					return c, fmt.Errorf("%s: %w", sum.Label, err)
				}
				switch p := cat.Previous; {
				case p == nil || prevYear[i] == -1 || (prevYear[i] != 0 && prevYear[i] != p.Year):
					prevYear[i] = -1
				default:
					prevYear[i] = p.Year
					if prev[i], err = addCounts(prev[i], p.Counts); err != nil {
						return c, fmt.Errorf("%s, previous year: %w", sum.Label, err)
					}
				}
			}
		}
		c.Units = append(c.Units, us)
	}
	for i := range c.Categories {
		if prevYear[i] > 0 {
			c.Categories[i].Previous = &review.Previous{Year: prevYear[i], Counts: prev[i]}
		}
	}
	c.Complete = c.Received == c.Expected
	return c, nil
}

func addCounts(a, b review.Counts) (review.Counts, error) {
	var err error
	if a.Evaluated, err = add(a.Evaluated, b.Evaluated); err != nil {
		return a, err
	}
	if a.Excellent, err = add(a.Excellent, b.Excellent); err != nil {
		return a, err
	}
	if a.Good, err = add(a.Good, b.Good); err != nil {
		return a, err
	}
	if a.Completed, err = add(a.Completed, b.Completed); err != nil {
		return a, err
	}
	if a.NotCompleted, err = add(a.NotCompleted, b.NotCompleted); err != nil {
		return a, err
	}
	return a, nil
}

// add adds two non-negative counts, refusing to wrap around.
func add(a, b int64) (int64, error) {
	if b > 0 && a > math.MaxInt64-b {
		return 0, ErrOverflow
	}
	return a + b, nil
}
