package limits

import "fmt"

// Mode is an EIP association mode, spelled as the alicloud provider's
// eipAssociation.mode expects it.
type Mode string

// The three association modes (Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)').
const (
	// ModeNAT maps the EIP to a private IP through NAT: the guest does not see
	// the EIP.
	ModeNAT Mode = "NAT"
	// ModeCutThrough replaces a secondary ENI's private IP with the EIP.
	ModeCutThrough Mode = "BINDED"
	// ModeMultiEipToEni binds up to 10 EIPs to a secondary ENI, visible in the
	// guest; no new accounts are accepted for it.
	ModeMultiEipToEni Mode = "MULTI_BINDED"
)

// MaxEipsPerEniMultiEipToEni is how many EIPs a secondary ENI takes in multi-EIP-to-ENI mode
// (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode').
const MaxEipsPerEniMultiEipToEni = 10

// The components' mode inputs, each naming the association mode it selects.
const (
	// InputSecondaryCidr (VisibleEip): the EIP is the primary private IP of an ENI in a secondary
	// CIDR block, associated in NAT mode.
	InputSecondaryCidr = "secondaryCidr"
	// InputCutThrough (VisibleEip): cut-through mode.
	InputCutThrough = "cutThrough"
	// InputNat (MultiEipInstance): one EIP per private IP in NAT mode.
	InputNat = "nat"
	// InputMultiEipToEni (MultiEipInstance): multi-EIP-to-ENI mode.
	InputMultiEipToEni = "multiEipToEni"
)

// ModeOf returns the association mode a component's mode input selects.
func ModeOf(input string) (Mode, bool) {
	switch input {
	case InputSecondaryCidr, InputNat:
		return ModeNAT, true
	case InputCutThrough:
		return ModeCutThrough, true
	case InputMultiEipToEni:
		return ModeMultiEipToEni, true
	}
	return "", false
}

// ModeInfo describes what an association mode allows.
type ModeInfo struct {
	// Mode is the value sent to the API.
	Mode Mode
	// Name is the mode's name in the documentation.
	Name string
	// PrimaryEni is true when the EIP may be bound to the primary ENI.
	PrimaryEni bool
	// Regions lists the regions offering the mode; nil means every region.
	Regions []Region
	// Families lists the instance families accepting the mode; nil means every family.
	Families []string
	// Source cites the document describing the mode.
	Source string
}

// Modes describes the three association modes (Alibaba Cloud doc
// 'Associate an EIP with an ENI (Japanese edition)', with Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)' and
// Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode winning where they disagree).
var Modes = []ModeInfo{
	{
		Mode: ModeNAT, Name: "NAT mode", PrimaryEni: true, Source: Doc(DocMultipleEipsNat),
	},
	{
		Mode: ModeCutThrough, Name: "cut-through mode", PrimaryEni: false,
		Regions: CutThroughRegions, Source: Doc(DocAssociationModes),
	},
	{
		Mode: ModeMultiEipToEni, Name: "multi-EIP-to-ENI mode", PrimaryEni: false,
		Regions: MultiEipToEniRegions, Families: MultiEipToEniFamilies, Source: Doc(DocMultiEipToEni),
	},
}

// Info returns the description of mode m.
func Info(m Mode) (ModeInfo, bool) {
	for _, i := range Modes {
		if i.Mode == m {
			return i, true
		}
	}
	return ModeInfo{}, false
}

// CheckMode refuses a value that is not one of the three modes.
func CheckMode(field string, m Mode) error {
	if _, ok := Info(m); ok {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   string(m),
		Problem: "is not an association mode",
		Rule:    fmt.Sprintf("an EIP is associated with an ENI in mode %q, %q or %q", ModeNAT, ModeCutThrough, ModeMultiEipToEni),
		Source:  Doc(DocAssociationModes),
		Fix:     "use one of these modes",
	}
}

// CheckPrimaryEni refuses binding an EIP to the primary ENI in a mode that
// only binds secondary ENIs. field and value name the input that selected
// the mode.
func CheckPrimaryEni(field, value string, m Mode) error {
	info, ok := Info(m)
	if !ok {
		return CheckMode(field, m)
	}
	if info.PrimaryEni {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   valueOr(value, m),
		Problem: "cannot bind an EIP to the primary ENI",
		Rule:    info.Name + " binds EIPs to secondary ENIs only",
		Source:  info.Source,
		Fix:     "place the EIP on a secondary ENI, or use NAT mode",
	}
}

func valueOr(value string, m Mode) string {
	if value != "" {
		return value
	}
	return string(m)
}
