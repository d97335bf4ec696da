package limits

import (
	"fmt"
	"slices"
	"strings"
)

// PlannedEip is an EIP's public address as the current run knows it.
type PlannedEip struct {
	// Address is the address when Known.
	Address string
	// Known is false for an EIP being allocated or replaced (its address is unknown at preview).
	Known bool
	// Adopted is true for an EIP given by allocationId: unknown then means "not known yet", not "new".
	Adopted bool
}

// AttachedEniChanges reports, for an attached ENI whose EIPs are now the addresses now, the
// planned EIPs a plan adds or replaces (not associated with it now; an adopted EIP whose address
// is not known yet is left to the cloud) and the addresses it removes (associated now, planned no
// more; none while an adopted EIP is not known yet, since it may be any of them).
func AttachedEniChanges(now []string, planned []PlannedEip) (changed []int, removed []string) {
	kept := map[string]bool{}
	pending := false
	for i, p := range planned {
		switch {
		case p.Known && slices.Contains(now, p.Address):
			kept[p.Address] = true
		case p.Known || !p.Adopted:
			changed = append(changed, i)
		default:
			pending = true
		}
	}
	if pending {
		return changed, nil
	}
	for _, ip := range now {
		if !kept[ip] {
			removed = append(removed, ip)
		}
	}
	return changed, removed
}

// CheckMultiEipToEniAttached refuses, in multi-EIP-to-ENI mode, to change the EIPs of secondary
// ENI index (ID id) while it is attached: now are its EIPs' addresses, names the MultiEipInstance
// entries planned on it and planned their EIPs, in the same order.
func CheckMultiEipToEniAttached(index int, id string, now, names []string, planned []PlannedEip) error {
	changed, removed := AttachedEniChanges(now, planned)
	if len(changed) == 0 && len(removed) == 0 {
		return nil
	}
	var what []string
	for _, i := range changed {
		what = append(what, fmt.Sprintf("adds or replaces the EIP of %q", names[i]))
	}
	if len(removed) > 0 {
		what = append(what, "removes EIP "+strings.Join(removed, ", "))
	}
	return &Violation{Field: "eips", Value: fmt.Sprintf("(%s)", strings.Join(names, ", ")),
		Problem: fmt.Sprintf("%s on secondary ENI %d (%s) while it is attached", strings.Join(what, "; "), index, id),
		Rule:    "in multi-EIP-to-ENI mode EIPs are associated with a secondary ENI only while it is detached from the instance",
		Source:  Doc(DocMultiEipToEni),
		Fix: fmt.Sprintf("keep ENI %d's EIPs as they are (a changed allocationId or internetChargeType replaces an EIP; "+
			"new entries go to a new ENI), or detach the ENI first", index)}
}

// CheckCutThroughAttached refuses, in a VisibleEip's cut-through mode, to replace the EIP of ENI
// eniID while it is attached to instance instanceID: now are the ENI's EIPs' addresses and planned
// the component's EIP. An adopted EIP (allocationId) is named by its address, a new one by the
// inputs whose change replaces it.
func CheckCutThroughAttached(eniID, instanceID string, now []string, planned PlannedEip) error {
	if changed, _ := AttachedEniChanges(now, []PlannedEip{planned}); len(changed) == 0 {
		return nil
	}
	field, value := "internetChargeType, isp or paymentType", "(a new EIP)"
	if planned.Adopted {
		field, value = "allocationId", planned.Address
	}
	return &Violation{Field: field, Value: value,
		Problem: fmt.Sprintf("would replace EIP %s of ENI %s, which is attached to instance %s", strings.Join(now, ", "), eniID, instanceID),
		Rule:    "in cut-through mode an EIP is associated with a secondary ENI only while the ENI is detached from the instance",
		Source:  Doc(DocAssociationModes),
		Fix:     "keep the EIP as it is (allocationId, ipAddress, internetChargeType, isp and paymentType), or detach the ENI first"}
}
