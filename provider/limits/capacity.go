package limits

import "fmt"

// NatCapacity returns how many EIPs an instance holds in NAT mode (Alibaba Cloud doc
// 'Bind multiple EIPs to an ECS (NAT mode)': one EIP per private IP):
//
//	(eniQuantity-1)*ipsPerEni + (usePrimaryEni ? ipsPerEni : 0)
//
// eniQuantity counts the primary ENI and ipsPerEni (eniPrivateIpAddressQuantity)
// counts each ENI's primary IP. Every private IP of an ENI, its primary IP
// included, carries one EIP: the page's ecs.c6.large (2 ENIs of 6 IPs) takes
// 6 on its secondary ENI and 12 with the primary ENI. The result is never
// negative.
func NatCapacity(eniQuantity, ipsPerEni int, usePrimaryEni bool) int {
	if ipsPerEni < 1 {
		return 0
	}
	c := 0
	if eniQuantity > 1 {
		c = (eniQuantity - 1) * ipsPerEni
	}
	if usePrimaryEni && eniQuantity >= 1 {
		c += ipsPerEni
	}
	return c
}

// CheckNatCapacity refuses count EIPs on an instance whose NAT capacity is
// smaller. field names the list of EIPs (e.g. "eips").
func CheckNatCapacity(field string, count, eniQuantity, ipsPerEni int, usePrimaryEni bool) error {
	capacity := NatCapacity(eniQuantity, ipsPerEni, usePrimaryEni)
	if count <= capacity {
		return nil
	}
	primary := 0
	if usePrimaryEni && eniQuantity >= 1 && ipsPerEni >= 1 {
		primary = ipsPerEni
	}
	fix := fmt.Sprintf("remove %d entries", count-capacity)
	if !usePrimaryEni {
		fix += fmt.Sprintf(", set usePrimaryEni on a created instance to add %d", ipsPerEni)
	}
	fix += ", or choose an instance type (or maxEnis) with more ENIs or more private IPs per ENI"
	return &Violation{
		Field:   field,
		Value:   fmt.Sprintf("(%d entries)", count),
		Problem: fmt.Sprintf("exceeds the NAT capacity %d", capacity),
		Rule: fmt.Sprintf("capacity = (eniQuantity %d - 1) x eniPrivateIpAddressQuantity %d + (usePrimaryEni %t ? eniPrivateIpAddressQuantity : 0) = %d + %d, one EIP per private IP",
			eniQuantity, ipsPerEni, usePrimaryEni, capacity-primary, primary),
		Source: Doc(DocMultipleEipsNat),
		Fix:    fix,
	}
}

// MultiEipToEniCapacity returns how many EIPs secondaryEnis secondary ENIs
// hold in multi-EIP-to-ENI mode.
func MultiEipToEniCapacity(secondaryEnis int) int {
	if secondaryEnis < 0 {
		return 0
	}
	return secondaryEnis * MaxEipsPerEniMultiEipToEni
}

// CheckMultiEipToEniCapacity refuses count EIPs on secondaryEnis secondary
// ENIs in multi-EIP-to-ENI mode when they hold fewer. field names the list of EIPs.
func CheckMultiEipToEniCapacity(field string, count, secondaryEnis int) error {
	capacity := MultiEipToEniCapacity(secondaryEnis)
	if count <= capacity {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   fmt.Sprintf("(%d entries)", count),
		Problem: fmt.Sprintf("exceeds the multi-EIP-to-ENI capacity %d", capacity),
		Rule: fmt.Sprintf("capacity = secondary ENIs %d x %d EIPs per ENI; the primary ENI takes no EIP in this mode",
			secondaryEnis, MaxEipsPerEniMultiEipToEni),
		Source: Doc(DocMultiEipToEni),
		Fix:    fmt.Sprintf("remove %d entries, or allow more secondary ENIs (maxEnis, instance type)", count-capacity),
	}
}
