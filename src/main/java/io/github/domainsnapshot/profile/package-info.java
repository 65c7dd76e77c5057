/**
 * What each libvirt release does, as data: the messages of its rules ({@code messages/9.0.txt}
 * and an overlay for each later release that changed one), the values it takes ({@code
 * values.txt}) and the changes of its logic ({@code features.txt}), each with the release it came
 * in and the source of that date. {@link io.github.domainsnapshot.profile.LibvirtProfile} gives
 * them for one version. Not API: the module does not export this package.
 */
package io.github.domainsnapshot.profile;
