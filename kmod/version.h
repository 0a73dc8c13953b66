/* SPDX-License-Identifier: GPL-2.0 */
#ifndef P2PF_VERSION_H
#define P2PF_VERSION_H

#define P2PF_VERSION	"0.1.0"

#endif /* P2PF_VERSION_H */
