// Package limits holds, as data and checks, every limit of Alibaba Cloud that
// eipkit respects when it binds public IPs (EIPs) to elastic network
// interfaces (ENIs). It is the one place to look for a rule:
//
//   - cidr.go: VPC secondary IPv4 CIDR blocks (excluded ranges, mask 8 to 28,
//     at most 5 per VPC) and vSwitch CIDR blocks (mask 16 to 29, the first and
//     the last three addresses reserved, the gateway on the third-to-last).
//   - modes.go: the three association modes (NAT, cut-through, multi-EIP-to-ENI),
//     what each allows and how many EIPs an ENI takes in each.
//   - regions.go: the regions that offer cut-through and multi-EIP-to-ENI mode.
//   - families.go: the instance families that accept multi-EIP-to-ENI mode.
//   - hotplug.go: the instance types that must be stopped before a secondary
//     ENI is attached.
//   - capacity.go: how many EIPs an instance holds in NAT mode.
//
// Each rule cites the document it comes from (sources.go). Every check takes
// the name of the input it checks, so that a caller reports errors such as
// "eips[2].privateIp 10.0.0.255 ...", and returns a *Violation whose message
// names the input, the value and the rule, cites the source and says what to
// do. The package depends on the standard library only.
package limits
