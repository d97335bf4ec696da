package addressing

import (
	"fmt"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// CheckVswitchBlock refuses a given vswitchCidrBlock that differs from actual, the block
// getSwitches reports for vSwitch vswitchID: the planned private IPs must lie in the ENIs'
// vSwitch. Either block empty (not given, not looked up) is not checked.
func CheckVswitchBlock(given, vswitchID, actual string) error {
	if given == "" || actual == "" || SameBlock(given, actual) {
		return nil
	}
	return &limits.Violation{Field: "vswitchCidrBlock", Value: given,
		Problem: fmt.Sprintf("differs from %s, the CIDR block of vSwitch %s", actual, vswitchID),
		Rule:    "the planned private IPs must lie in the vSwitch of the ENIs",
		Fix:     fmt.Sprintf("set vswitchCidrBlock to %s, or leave it empty to use the looked-up block", actual)}
}
