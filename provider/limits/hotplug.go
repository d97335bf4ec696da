package limits

import "fmt"

// NoHotPlugInstanceTypes are the instance types that must be stopped before a
// secondary ENI is attached (Alibaba Cloud doc 'Create and use an elastic network interface'). They are exact
// type names: other types of the same families do hot-plug.
var NoHotPlugInstanceTypes = []string{
	// s6, shared standard
	"ecs.s6-c1m1.small", "ecs.s6-c1m2.large", "ecs.s6-c1m2.small", "ecs.s6-c1m4.large", "ecs.s6-c1m4.small",
	// e, economy
	"ecs.e-c1m1.large", "ecs.e-c1m2.large", "ecs.e-c1m4.large", "ecs.e-c4m1.large", "ecs.e-c2m1.large",
	// t6, burstable
	"ecs.t6-c1m1.large", "ecs.t6-c1m2.large", "ecs.t6-c1m4.large", "ecs.t6-c2m1.large", "ecs.t6-c4m1.large",
	// t5, burstable
	"ecs.t5-c1m1.large", "ecs.t5-c1m2.large", "ecs.t5-c1m4.large", "ecs.t5-lc1m1.small",
	"ecs.t5-lc1m2.large", "ecs.t5-lc1m2.small", "ecs.t5-lc1m4.large", "ecs.t5-lc2m1.nano",
	// xn4, n4, mn4, e4, previous-generation shared
	"ecs.xn4.small", "ecs.n4.small", "ecs.n4.large", "ecs.mn4.small", "ecs.mn4.large",
	"ecs.e4.small", "ecs.e4.large",
}

// SupportsHotPlug reports whether a secondary ENI can be attached to a
// running instance of instanceType.
func SupportsHotPlug(instanceType string) bool {
	for _, t := range NoHotPlugInstanceTypes {
		if t == instanceType {
			return false
		}
	}
	return true
}

// CheckHotPlug refuses an instance type that cannot hot-plug a secondary ENI.
// Callers that attach ENIs to a running instance use it to stop early or to
// warn.
func CheckHotPlug(field, instanceType string) error {
	if SupportsHotPlug(instanceType) {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   instanceType,
		Problem: "cannot hot-plug a secondary ENI",
		Rule:    fmt.Sprintf("the %d instance types listed as not supporting hot swapping of secondary ENIs, this one among them, must be stopped before an ENI is attached", len(NoHotPlugInstanceTypes)),
		Source:  Doc(DocCreateAndUseEni),
		Fix:     "stop the instance before the ENI is attached, or choose an instance type that supports hot-plug",
	}
}
