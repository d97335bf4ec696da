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
// # Private IP plan of an instance with several EIPs
//
// A component cannot see the state of its previous run, so the ENI and the
// private IP of each EIP must be computable at preview from plain inputs,
// and adding or removing an EIP must not move any other: a moved private IP
// replaces the EIP's association, a moved ENI primary replaces the ENI.
// Positions in the list cannot decide (removing entry 2 would shift every
// later entry), so the entry's name does:
//
//   - privateIpRange, a block of the vSwitch the user reserves for this
//     instance, gives each possible secondary ENI j (0..E-1) a fixed primary
//     IP: the j-th usable address counted down from the end of the range.
//     ENI j exists only when an entry is placed on it.
//   - An entry's ENI is its pinned eni, or else a hash of its name over the
//     E secondary ENIs (plus the primary ENI when usePrimaryEni is set). The
//     hash is jump consistent hashing on FNV-1a 64 of the name, so that
//     changing E moves only the entries that land on the added or removed ENI.
//   - An entry's private IP is its pinned privateIp, or else a second,
//     independent hash of its name into the usable addresses of the range
//     that are not ENI primaries (the pool). Because the pool ends where the
//     primaries begin, raising E by one takes the last pool address away and
//     moves only the entries that hashed to it.
//
// Entries never probe for another address: probing would make an entry's
// address depend on which other entries exist, and removing one would move
// another. Two entries can therefore hash to the same address. With n
// unpinned entries in a pool of m addresses this happens with probability
// about 1-exp(-n(n-1)/2m) (see CollisionProbability): 6 entries in a /24
// pool give about 6%, 25 entries in a /20 pool about 7%. The plan then fails
// with a message that names both entries and a free address; pinning
// privateIp of the newer entry to it resolves the collision for good, and
// pins never move. An ENI that the hash gives more entries than it holds
// (k-1 secondary IPs) is resolved the same way, by pinning eni of one entry
// to an ENI with room. A wide privateIpRange keeps both rare.
//
// ENI primaries carry no EIP unless an entry pins its privateIp to one (the
// entry then lives on that ENI). Choosing automatically which entry sits on
// a primary would need an order among entries, and without state that
// order can only come from the entries present: removing one would hand
// the primary to another, which moves two EIPs. The price is one private IP
// per ENI that carries no EIP by default, so an ENI holds k-1 hashed entries.
//
// In multi-EIP-to-ENI mode EIPs bind to the ENI itself: PlanMultiEipToEni
// only spreads entries over ENIs, up to 10 per ENI, by the same name hash.
package addressing
