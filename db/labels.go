package db

import "giamsat/assets/text"

// ColumnText is how people name a column: its label (a form's, a
// conflict dialog's, a message's), its heading in the workbook when that
// differs, and its closed list of choices. Labels and headings are keys
// of the program's catalogue (assets/text), said in the language asked.
// Adding a column to a record means adding it here, once.
type ColumnText struct {
	Column  string  // in SQL
	Field   string  // the record's Go field, as FieldError.Field names it
	Label   string  // key of the catalogue
	Heading string  // the workbook's heading, when not the label
	Choices Choices // the closed list, when the column holds codes
}

// columnTexts are the columns of each record table, as people name them.
var columnTexts = map[string][]ColumnText{
	"communes": {
		{Column: "name", Field: "Name", Label: "Commune name"},
		{Column: "kind", Field: "Kind", Label: "Kind", Choices: CommuneKinds},
		{Column: "province", Field: "Province", Label: "Province"},
		{Column: "code", Field: "Code", Label: "Administrative code", Heading: "Commune code"},
		{Column: "notes", Field: "Notes", Label: "Notes"},
	},
	"delegations": {
		{Column: "number", Field: "Number", Label: "Delegation number"},
		{Column: "issuing_body", Field: "IssuingBody", Label: "Issuing body"},
		{Column: "decision_ref", Field: "DecisionRef", Label: "Decision"},
		{Column: "report_ref", Field: "ReportRef", Label: "Report number"},
		{Column: "subject", Field: "Subject", Label: "Subject"},
		{Column: "period_from", Field: "PeriodFrom", Label: "From"},
		{Column: "period_to", Field: "PeriodTo", Label: "To"},
		{Column: "notes", Field: "Notes", Label: "Notes"},
	},
	"members": {
		{Column: "delegation_id", Field: "DelegationID", Label: "Delegation"},
		{Column: "full_name", Field: "FullName", Label: "Full name"},
		{Column: "role", Field: "Role", Label: "Role in the delegation", Choices: MemberRoles},
		{Column: "position", Field: "Position", Label: "Position held"},
		{Column: "sort_order", Field: "SortOrder", Label: "Order"},
	},
	"visits": {
		{Column: "delegation_id", Field: "DelegationID", Label: "Delegation", Heading: "Delegation (heading)"},
		{Column: "commune_id", Field: "CommuneID", Label: "Commune"},
		{Column: "visit_date", Field: "Date", Label: "Date", Heading: "Visit date"},
		{Column: "place", Field: "Place", Label: "Place"},
		{Column: "chaired_by", Field: "ChairedBy", Label: "Chaired by"},
		{Column: "attendees", Field: "Attendees", Label: "Attended by", Heading: "Attendees"},
		{Column: "assessment", Field: "Assessment", Label: "Assessment"},
		{Column: "conclusions", Field: "Conclusions", Label: "Conclusions"},
	},
	"sessions": {
		{Column: "visit_id", Field: "VisitID", Label: "Visit"},
		{Column: "level", Field: "Level", Label: "Level", Choices: SessionLevels},
		{Column: "held", Field: "Held", Label: "Held"},
		{Column: "held_qualifier", Field: "HeldQualifier", Label: "Held (qualifier)", Heading: "Held: qualifier", Choices: Qualifiers},
		{Column: "participants", Field: "Participants", Label: "Participants"},
		{Column: "participants_qualifier", Field: "ParticipantsQualifier", Label: "Participants (qualifier)", Heading: "Participants: qualifier", Choices: Qualifiers},
		{Column: "expected", Field: "Expected", Label: "Expected"},
		{Column: "mode", Field: "Mode", Label: "Mode", Choices: SessionModes},
		{Column: "link_points", Field: "LinkPoints", Label: "Link-up points"},
		{Column: "note", Field: "Note", Label: "Note"},
	},
	"indicators": {
		{Column: "code", Field: "Code", Label: "Indicator code"},
		{Column: "name_vi", Field: "NameVI", Label: "Indicator name"},
		{Column: "name_en", Field: "NameEN", Label: "Name (English)"},
		{Column: "unit", Field: "Unit", Label: "Unit", Choices: IndicatorUnits},
		{Column: "unit_label", Field: "UnitLabel", Label: "Unit label"},
		{Column: "min_value", Field: "Min", Label: "Lowest value"},
		{Column: "max_value", Field: "Max", Label: "Highest value (N for x/N)"},
		{Column: "sort_order", Field: "SortOrder", Label: "Order"},
		{Column: "is_key", Field: "Key", Label: "Show in the summary"},
	},
	"indicator_values": {
		{Column: "visit_id", Field: "VisitID", Label: "Visit"},
		{Column: "indicator_id", Field: "IndicatorID", Label: "Indicator"},
		{Column: "value", Field: "Value", Label: "Value"},
		{Column: "qualifier", Field: "Qualifier", Label: "Qualifier", Choices: ValueQualifiers},
		{Column: "note", Field: "Note", Label: "Note"},
	},
	"difficulties": {
		{Column: "visit_id", Field: "VisitID", Label: "Visit"},
		{Column: "category", Field: "Category", Label: "Category", Choices: DifficultyCategories},
		{Column: "description", Field: "Description", Label: "Difficulty", Heading: "Difficulty (heading)"},
		{Column: "remedy", Field: "Remedy", Label: "Remedy", Heading: "Proposed remedy"},
		{Column: "responsible", Field: "Responsible", Label: "Responsible"},
		{Column: "deadline", Field: "Deadline", Label: "Deadline"},
		{Column: "status", Field: "Status", Label: "Status", Choices: DifficultyStatuses},
		{Column: "scope", Field: "Scope", Label: "Scope", Choices: DifficultyScopes},
		{Column: "delegation_id", Field: "DelegationID", Label: "Delegation"},
		{Column: "communes", Field: "Communes", Label: "Communes concerned"},
	},
	"requests": {
		{Column: "visit_id", Field: "VisitID", Label: "Visit"},
		{Column: "body", Field: "Text", Label: "Request", Heading: "Request (heading)"},
		{Column: "deadline", Field: "Deadline", Label: "Deadline", Heading: "Deadline for a report"},
		{Column: "status", Field: "Status", Label: "Status", Choices: RequestStatuses},
		{Column: "scope", Field: "Scope", Label: "Scope", Choices: RequestScopes},
		{Column: "delegation_id", Field: "DelegationID", Label: "Delegation"},
		{Column: "communes", Field: "Communes", Label: "Communes concerned"},
	},
}

// tableTexts name the record tables (keys of the catalogue).
var tableTexts = map[string]string{
	"communes":         "Communes and wards",
	"indicators":       "Indicators",
	"delegations":      "Delegations (records)",
	"members":          "Delegation members",
	"visits":           "Visits",
	"sessions":         "Dissemination sessions",
	"indicator_values": "Indicator results",
	"difficulties":     "Difficulties",
	"requests":         "Requests (records)",
}

// ChoicesOf is the closed list of the column of table named (in SQL or by
// its Go field) name; nil when it holds free text.
func ChoicesOf(table, name string) Choices {
	c, _ := columnText(table, name)
	return c.Choices
}

// ColumnTexts returns how people name the columns of table, in the
// table's order.
func ColumnTexts(table string) []ColumnText { return columnTexts[table] }

// columnText finds the column of table whose SQL name or Go field is name.
func columnText(table, name string) (ColumnText, bool) {
	for _, c := range columnTexts[table] {
		if c.Column == name || c.Field == name {
			return c, true
		}
	}
	return ColumnText{}, false
}

// Label says, in lang, the label of the column of table named (in SQL or
// by its Go field) name; an unknown column is said as it is named.
func Label(lang, table, name string) string {
	if c, ok := columnText(table, name); ok {
		return text.Say(lang, c.Label)
	}
	return name
}

// Heading says, in lang, the workbook's heading of a column.
func Heading(lang, table, name string) string {
	c, ok := columnText(table, name)
	if !ok {
		return name
	}
	if c.Heading != "" {
		return text.Say(lang, c.Heading)
	}
	return text.Say(lang, c.Label)
}

// TableLabel says, in lang, what the records of table are.
func TableLabel(lang, table string) string {
	if key, ok := tableTexts[table]; ok {
		return text.Say(lang, key)
	}
	return table
}

// TableLabelKey is the catalogue's key of the name of table's records.
func TableLabelKey(table string) string {
	if key, ok := tableTexts[table]; ok {
		return key
	}
	return table
}

// label is the label of a column, to be said later in a message.
func label(table, field string) text.Msg {
	if c, ok := columnText(table, field); ok {
		return text.F(c.Label)
	}
	return text.F(field)
}
