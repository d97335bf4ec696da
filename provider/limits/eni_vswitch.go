package limits

import "fmt"

// CheckEniZone refuses an ENI in vSwitch vswitchID of zone vswitchZone when the instance it is
// attached to is in another zone; a zone that is not known yet (empty) is not checked. field
// names the input that gives the vSwitch.
func CheckEniZone(field, vswitchID, vswitchZone, instanceZone string) error {
	if instanceZone == "" || vswitchZone == "" || instanceZone == vswitchZone {
		return nil
	}
	return &Violation{Field: field, Value: vswitchID,
		Problem: fmt.Sprintf("is in zone %s, not in the instance's zone %s", vswitchZone, instanceZone),
		Rule:    "an ENI and the instance it is attached to are in the same zone",
		Source:  Doc(DocCreateAndUseEni),
		Fix:     fmt.Sprintf("give a vSwitch of zone %s", instanceZone)}
}

// CheckPrimaryEniVswitch refuses, with a MultiEipInstance's usePrimaryEni, new ENIs (vswitchId)
// in another vSwitch than the created instance's (instance.vswitchId): privateIpRange and
// vswitchCidrBlock are those of the ENIs' vSwitch, while the primary ENI's private IPs come from
// the instance's vSwitch.
func CheckPrimaryEniVswitch(eniVswitch, instanceVswitch string) error {
	if eniVswitch == instanceVswitch {
		return nil
	}
	return &Violation{Field: "vswitchId", Value: eniVswitch,
		Problem: fmt.Sprintf("differs from instance.vswitchId %s while usePrimaryEni is set", instanceVswitch),
		Rule: "with usePrimaryEni the primary ENI's private IPs, in the instance's vSwitch, come from privateIpRange " +
			"like the secondary ENIs' ones, so every ENI is in one vSwitch",
		Source: Doc(DocCreateAndUseEni),
		Fix:    "leave vswitchId unset (it defaults to instance.vswitchId), give the same vSwitch, or unset usePrimaryEni"}
}
