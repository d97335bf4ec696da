// Package addressing does the address arithmetic of eipkit: which CIDR
// blocks make an EIP visible in the guest, which addresses a vSwitch
// reserves, where its gateway is, and on which ENI and private IP each EIP
// of an instance lives. It imports no Pulumi package; the rules it applies
// come from package limits.
//
// # Visible EIP blocks
//
// ChooseBlocks picks the smallest vSwitch block (/29, then /28, ... /16) that
// contains the EIP without reserving it, and the VPC secondary block that
// holds that vSwitch (the same block, widened to /28 for a /29 vSwitch). A
// small block keeps the VPC from routing many foreign public addresses
// internally. CheckBlocks validates blocks a user chose instead.
//
// # Allocation of an instance's EIPs
//
// Allocate gives every EIP entry of an instance a slot: an ENI and, in NAT
// mode, a private IP of that ENI. It is a pure function of the previous
// allocation (kept by the AddressAllocation resource between updates), the
// entries, privateIpRange and the instance's quota:
//
//   - An entry that keeps its name keeps its slot, whatever else is added,
//     removed or reordered and however the quota changes, as long as the
//     slot still fits. When it no longer does (the range, the ENIs or the
//     private IPs per ENI shrank below it), Allocate fails naming the
//     entries and the input to change; nothing moves silently.
//   - A new entry takes the first free slot: the ENIs that exist are filled
//     (secondary ENIs by index, then the primary ENI) before a new ENI is
//     opened, and its address is the lowest free usable address of
//     privateIpRange. An ENI is opened with the lowest free address as its
//     primary IP, and the entry that opens it maps to that primary IP: every
//     private IP of an ENI carries an EIP, so an ENI holds k entries (its
//     primary IP and k-1 secondary IPs), and ecs.c6.large takes 6 EIPs on
//     its secondary ENI and 12 with the primary ENI of a created instance,
//     whose primary IP the first allocation chooses.
//   - Pins (privateIp, eni) win over the first free slot; a pin on a slot
//     another entry holds fails naming both. Changing an entry's pin moves
//     it on purpose.
//   - A removed entry frees its slot for the next new entry. An ENI left
//     without entries is removed, except the ENIs that exist whatever the
//     entries (the primary ENI, the ENI attached when the instance is
//     created): removing it replaces nothing that stays.
//   - In multi-EIP-to-ENI mode entries get an ENI only, up to 10 per ENI,
//     and the ENIs of the previous allocation take no new entry: the mode
//     associates EIPs with a secondary ENI only while it is detached.
package addressing
