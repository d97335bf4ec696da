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

// EIPs per ENI in the modes that bind EIPs to the ENI itself.
const (
	// MaxEipsPerEniCutThrough is how many EIPs a secondary ENI takes in
	// cut-through mode (Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)').
	MaxEipsPerEniCutThrough = 1
	// MaxEipsPerEniMultiEipToEni is how many EIPs a secondary ENI takes in
	// multi-EIP-to-ENI mode (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode').
	MaxEipsPerEniMultiEipToEni = 10
)

// ModeInfo describes what an association mode allows.
type ModeInfo struct {
	// Mode is the value sent to the API.
	Mode Mode
	// Name is the mode's name in the documentation.
	Name string
	// Visible is true when the guest sees the EIP on its interface.
	Visible bool
	// PrimaryEni is true when the EIP may be bound to the primary ENI.
	PrimaryEni bool
	// MaxEipsPerEni is the per-ENI limit; 0 means one EIP per private IP of
	// the ENI (NAT mode).
	MaxEipsPerEni int
	// PrivateNetworkUsable is true when the ENI keeps its private network.
	PrivateNetworkUsable bool
	// AllProtocols is false when NAT-ALG protocols (H.323, SIP, DNS, RTSP)
	// do not work.
	AllProtocols bool
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
		Mode: ModeNAT, Name: "NAT mode", Visible: false, PrimaryEni: true, MaxEipsPerEni: 0,
		PrivateNetworkUsable: true, AllProtocols: false, Source: Doc(DocMultipleEipsNat),
	},
	{
		Mode: ModeCutThrough, Name: "cut-through mode", Visible: true, PrimaryEni: false,
		MaxEipsPerEni: MaxEipsPerEniCutThrough, PrivateNetworkUsable: false, AllProtocols: true,
		Regions: CutThroughRegions, Source: Doc(DocAssociationModes),
	},
	{
		Mode: ModeMultiEipToEni, Name: "multi-EIP-to-ENI mode", Visible: true, PrimaryEni: false,
		MaxEipsPerEni: MaxEipsPerEniMultiEipToEni, PrivateNetworkUsable: true, AllProtocols: true,
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

// MaxEipsPerEni returns how many EIPs one ENI takes in mode m;
// ipsPerEni (eniPrivateIpAddressQuantity) is the limit in NAT mode.
func MaxEipsPerEni(m Mode, ipsPerEni int) int {
	info, ok := Info(m)
	if !ok {
		return 0
	}
	if info.MaxEipsPerEni == 0 {
		return ipsPerEni
	}
	return info.MaxEipsPerEni
}

// CheckEipsPerEni refuses count EIPs on one ENI when mode m allows fewer;
// ipsPerEni (eniPrivateIpAddressQuantity) bounds NAT mode.
func CheckEipsPerEni(field string, m Mode, count, ipsPerEni int) error {
	info, ok := Info(m)
	if !ok {
		return CheckMode(field, m)
	}
	max := MaxEipsPerEni(m, ipsPerEni)
	if count <= max {
		return nil
	}
	rule := fmt.Sprintf("%s binds at most %d EIPs to one ENI", info.Name, max)
	if info.MaxEipsPerEni == 0 {
		rule = fmt.Sprintf("%s maps each EIP to one private IP, and an ENI has eniPrivateIpAddressQuantity %d private IPs", info.Name, ipsPerEni)
	}
	return &Violation{
		Field:   field,
		Value:   fmt.Sprint(count),
		Problem: "EIPs on one ENI are too many",
		Rule:    rule,
		Source:  info.Source,
		Fix:     fmt.Sprintf("spread the EIPs over more ENIs (%d per ENI)", max),
	}
}

func valueOr(value string, m Mode) string {
	if value != "" {
		return value
	}
	return string(m)
}
