// Public IPs on Alibaba Cloud elastic network interfaces: EIPs the guest OS sees, many EIPs on one instance, and the guest policy routing that makes them work.
package alicloudeip
