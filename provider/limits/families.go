package limits

import (
	"fmt"
	"strings"
)

// MultiEipToEniFamilies are the instance families an instance must belong to
// for a secondary ENI with EIPs in multi-EIP-to-ENI mode to be attached to it
// (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode', the reference where the Japanese edition's
// shorter list disagrees).
var MultiEipToEniFamilies = []string{
	"ecs.d1ne", "ecs.ebmc4", "ecs.ebmg5", "ecs.ebmhfg5", "ecs.f1", "ecs.gn5i", "ecs.gn6v",
	"ecs.i2", "ecs.r1", "ecs.re4", "ecs.re4e", "ecs.sccg5", "ecs.sccgn6", "ecs.scch5",
	"ecs.g5", "ecs.c5", "ecs.r5", "ecs.t5", "ecs.sn2ne", "ecs.se1ne", "ecs.sn1ne",
}

// InstanceFamily returns the family of an instance type: "ecs.g5.large" is
// in "ecs.g5", "ecs.t5-lc1m2.small" in "ecs.t5", "ecs.gn6v-c8g1.2xlarge" in
// "ecs.gn6v". ok is false when instanceType is not "ecs.<family>.<size>".
func InstanceFamily(instanceType string) (family string, ok bool) {
	parts := strings.Split(instanceType, ".")
	if len(parts) < 3 || parts[0] != "ecs" || parts[1] == "" || parts[len(parts)-1] == "" {
		return "", false
	}
	name, _, _ := strings.Cut(parts[1], "-")
	if name == "" {
		return "", false
	}
	return "ecs." + name, true
}

// FamilyAccepts reports whether mode m may be used on an instance of
// instanceType (exact family match: ecs.g5 accepts ecs.g5.large, not
// ecs.g5ne.large).
func FamilyAccepts(m Mode, instanceType string) bool {
	info, ok := Info(m)
	if !ok {
		return false
	}
	if info.Families == nil {
		return true
	}
	family, ok := InstanceFamily(instanceType)
	if !ok {
		return false
	}
	for _, f := range info.Families {
		if f == family {
			return true
		}
	}
	return false
}

// CheckModeInstanceType refuses mode m on an instance type whose family does
// not accept it. field and value name the input that selected the mode.
func CheckModeInstanceType(field, value string, m Mode, instanceType string) error {
	info, ok := Info(m)
	if !ok {
		return CheckMode(field, m)
	}
	if FamilyAccepts(m, instanceType) {
		return nil
	}
	problem := fmt.Sprintf("is not available on instance type %s", instanceType)
	if family, ok := InstanceFamily(instanceType); ok {
		problem += fmt.Sprintf(" (family %s)", family)
	} else {
		problem += " (not an instance type name such as ecs.g5.large)"
	}
	return &Violation{
		Field:   field,
		Value:   valueOr(value, m),
		Problem: problem,
		Rule:    fmt.Sprintf("%s is accepted only by instance families %s", info.Name, strings.Join(info.Families, ", ")),
		Source:  info.Source,
		Fix:     visibleAlternative + ", or choose an instance type of one of these families",
	}
}
