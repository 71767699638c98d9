package pdfdoc

// Exported for the tests of package pdfdoc_test, which render documents
// through the documents service (which imports this package).

const (
	FieldNumber   = fieldNumber
	FieldApproval = fieldApproval
)

// DraftFields is draftFields.
var DraftFields = (*Service).draftFields
