package addressing

import (
	"fmt"
	"net/netip"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// EipNetwork is an EIP that the guest configures on its interface (multi-EIP-to-ENI mode): its
// address, its gateway and its network, as DescribeEipGatewayInfo reports them.
type EipNetwork struct {
	// Address is the EIP.
	Address netip.Addr
	// Gateway is the EIP's gateway.
	Gateway netip.Addr
	// Network is the EIP's network: the address and the reported prefix length, masked.
	Network netip.Prefix
}

// EipNetworkProblem is what ParseEipNetwork finds wrong; the caller words it with its inputs.
type EipNetworkProblem int

// The problems of an EIP's network.
const (
	// EipNetworkOK: the address, gateway and prefix length work together.
	EipNetworkOK EipNetworkProblem = iota
	// EipAddressNotIPv4: the address is not an IPv4 address.
	EipAddressNotIPv4
	// EipGatewayNotIPv4: the gateway is not an IPv4 address.
	EipGatewayNotIPv4
	// EipPrefixLengthOutOfRange: the prefix length is not 1 to 32.
	EipPrefixLengthOutOfRange
	// EipGatewayOutside: the gateway is not in the EIP's network (always so for a /32).
	EipGatewayOutside
	// EipGatewayIsAddress: the gateway is the EIP itself.
	EipGatewayIsAddress
)

// ParseEipNetwork checks an EIP with the gateway and prefix length DescribeEipGatewayInfo
// reports (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode': the
// guest configures each EIP like a secondary private IP, with the EIP's gateway and mask). The
// guest routes through the gateway on the EIP's own network, so the gateway is another address
// of that network; a /32 leaves no room for it and is refused.
func ParseEipNetwork(address, gateway string, prefixLength int) (EipNetwork, EipNetworkProblem) {
	var n EipNetwork
	var err error
	if n.Address, err = netip.ParseAddr(address); err != nil || !n.Address.Is4() {
		return n, EipAddressNotIPv4
	}
	if n.Gateway, err = netip.ParseAddr(gateway); err != nil || !n.Gateway.Is4() {
		return n, EipGatewayNotIPv4
	}
	if prefixLength < 1 || prefixLength > 32 {
		return n, EipPrefixLengthOutOfRange
	}
	n.Network = netip.PrefixFrom(n.Address, prefixLength).Masked()
	switch {
	case n.Gateway == n.Address:
		return n, EipGatewayIsAddress
	case !n.Network.Contains(n.Gateway):
		return n, EipGatewayOutside
	}
	return n, EipNetworkOK
}

// CheckEipGateway refuses, for entry i of a MultiEipInstance in multi-EIP-to-ENI mode
// (eips[i], named name), a gateway that is not another address of the EIP's network
// (address/prefixLength), naming the entry's inputs.
func CheckEipGateway(i int, name, address, gateway string, prefixLength int) error {
	field := fmt.Sprintf("eips[%d].gateway", i)
	n, problem := ParseEipNetwork(address, gateway, prefixLength)
	switch problem {
	case EipGatewayNotIPv4:
		return &limits.Violation{Field: field, Value: gateway, Problem: fmt.Sprintf("of %q is not an IPv4 address", name),
			Fix: "give the EIP's gateway from DescribeEipGatewayInfo"}
	case EipPrefixLengthOutOfRange:
		return &limits.Violation{Field: fmt.Sprintf("eips[%d].prefixLength", i), Value: fmt.Sprint(prefixLength),
			Problem: fmt.Sprintf("of %q is outside 1-32", name), Fix: "give the EIP's mask length from DescribeEipGatewayInfo"}
	case EipGatewayOutside, EipGatewayIsAddress:
		problem := fmt.Sprintf("is outside %s, the network of EIP %q (%s/%d)", n.Network, name, address, prefixLength)
		if n.Gateway == n.Address {
			problem = fmt.Sprintf("is the address of EIP %q", name)
		}
		return &limits.Violation{Field: field, Value: gateway, Problem: problem,
			Rule:   "the guest reaches an EIP's gateway on the EIP's own network, as another address of it",
			Source: limits.Doc(limits.DocMultiEipToEni),
			Fix:    "give the gateway and prefixLength DescribeEipGatewayInfo reports for this EIP"}
	}
	return nil // the EIP's own address comes from the cloud
}
