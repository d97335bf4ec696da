package limits

import (
	"fmt"
	"strings"
)

// Region is an Alibaba Cloud region: its id (as the provider's region
// setting spells it) and the name the documentation uses.
type Region struct {
	// ID is the region id, e.g. "cn-hangzhou".
	ID string
	// Name is the documentation's name, e.g. "China (Hangzhou)".
	Name string
}

// CutThroughRegions are the regions offering cut-through mode (BINDED).
// Only Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)' lists them.
var CutThroughRegions = []Region{
	{"cn-hangzhou", "China (Hangzhou)"},
	{"cn-shanghai", "China (Shanghai)"},
	{"cn-qingdao", "China (Qingdao)"},
	{"cn-beijing", "China (Beijing)"},
	{"cn-zhangjiakou", "China (Zhangjiakou)"},
	{"cn-huhehaote", "China (Hohhot)"},
	{"cn-shenzhen", "China (Shenzhen)"},
	{"cn-guangzhou", "China (Guangzhou)"},
	{"cn-chengdu", "China (Chengdu)"},
	{"ap-southeast-1", "Singapore"},
	{"ap-southeast-5", "Indonesia (Jakarta)"},
	{"eu-central-1", "Germany (Frankfurt)"},
	{"eu-west-1", "UK (London)"},
	{"us-east-1", "US (Virginia)"},
}

// MultiEipToEniRegions are the regions offering multi-EIP-to-ENI mode
// (MULTI_BINDED), from Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode', which adds India
// (Mumbai) to the Japanese edition's list.
var MultiEipToEniRegions = []Region{
	{"cn-shenzhen", "China (Shenzhen)"},
	{"cn-shanghai", "China (Shanghai)"},
	{"cn-beijing", "China (Beijing)"},
	{"cn-zhangjiakou", "China (Zhangjiakou)"},
	{"cn-chengdu", "China (Chengdu)"},
	{"ap-southeast-1", "Singapore"},
	{"eu-central-1", "Germany (Frankfurt)"},
	{"ap-south-1", "India (Mumbai)"},
	{"us-east-1", "US (Virginia)"},
	{"eu-west-1", "UK (London)"},
}

// RegionIDs returns the ids of regions, in order, joined by ", ".
func RegionIDs(regions []Region) string {
	ids := make([]string, len(regions))
	for i, r := range regions {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

// ModeAvailableIn reports whether mode m is offered in region (a region id).
func ModeAvailableIn(m Mode, region string) bool {
	info, ok := Info(m)
	if !ok {
		return false
	}
	if info.Regions == nil {
		return true
	}
	for _, r := range info.Regions {
		if r.ID == region {
			return true
		}
	}
	return false
}

// CheckModeRegion refuses mode m in a region that does not offer it. field
// and value name the input that selected the mode (e.g. "mode",
// "cutThrough"); an empty value prints m.
func CheckModeRegion(field, value string, m Mode, region string) error {
	info, ok := Info(m)
	if !ok {
		return CheckMode(field, m)
	}
	if ModeAvailableIn(m, region) {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   valueOr(value, m),
		Problem: fmt.Sprintf("is not available in region %s", region),
		Rule:    fmt.Sprintf("%s is offered only in %s", info.Name, RegionIDs(info.Regions)),
		Source:  info.Source,
		Fix:     visibleAlternative + ", or deploy in one of these regions",
	}
}

// CheckModeInRegion is CheckModeRegion for a region that may be missing or not known yet: a
// known region is checked; no region at all gives a warning that the check was skipped; a region
// unknown at preview gives neither (the update, which knows it, checks it).
func CheckModeInRegion(field, value string, m Mode, region string, known bool) (warning string, err error) {
	switch {
	case !known:
		return "", nil
	case region == "":
		name := string(m)
		if info, ok := Info(m); ok {
			name = info.Name
		}
		return fmt.Sprintf("%s %s: no region (input region or config alicloud:region), so the regions that offer %s were not checked",
			field, valueOr(value, m), name), nil
	}
	return "", CheckModeRegion(field, value, m, region)
}

// visibleAlternative is the remedy when a visible-EIP mode is refused.
const visibleAlternative = "expose the EIP as the primary private IP of an ENI in a VPC secondary CIDR block, in NAT mode (Alibaba Cloud doc '" +
	DocVisibleEip + "'), which works in every region"
