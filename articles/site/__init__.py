"""The portal's identity: one record of site settings (name, emblem, the legally required details) and the
main menu, edited by site administrators; shown in the header and footer of every page."""
